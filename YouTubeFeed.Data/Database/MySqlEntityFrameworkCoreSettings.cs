namespace YouTubeFeed.Data.Database;

/// <summary>
/// Settings of <see cref="Microsoft.Extensions.Hosting.MySqlDbContextExtensions.AddMySqlDbContext{TContext}"/>,
/// bound from <c>Aspire:Pomelo:EntityFrameworkCore:MySql</c> as the official Aspire integration binds them.
/// </summary>
public sealed class MySqlEntityFrameworkCoreSettings
{
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The server version Pomelo generates SQL for, e.g. <c>10.11.0-mariadb</c> or <c>8.4.0-mysql</c>. Given,
    /// not detected, so that a service can start before the database answers.
    /// </summary>
    public string ServerVersion { get; set; } = "10.11.0-mariadb";

    public bool DisableRetry { get; set; }
    public bool DisableHealthChecks { get; set; }
    public bool DisableTracing { get; set; }
    public bool DisableMetrics { get; set; }

    /// <summary>Seconds a command may run; null keeps MySqlConnector's default.</summary>
    public int? CommandTimeout { get; set; }
}
