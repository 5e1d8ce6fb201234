using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using YouTubeFeed.Data;
using YouTubeFeed.Data.Database;
using YouTubeFeed.Data.Videos;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The client side of MySQL, shaped like <c>Aspire.Pomelo.EntityFrameworkCore.MySql</c> (not served here):
/// a pooled DbContext with retry on failure, a health check named after the context, MySqlConnector tracing
/// and metrics, plus the <see cref="MySqlDataSource"/> that the hot paths query directly.
/// </summary>
public static class MySqlDbContextExtensions
{
    private const string SettingsSection = "Aspire:Pomelo:EntityFrameworkCore:MySql";

    public static void AddMySqlDbContext<TContext>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<MySqlEntityFrameworkCoreSettings>? configureSettings = null,
        Action<DbContextOptionsBuilder>? configureDbContextOptions = null)
        where TContext : DbContext
    {
        var settings = ReadSettings<TContext>(builder, connectionName);
        configureSettings?.Invoke(settings);
        var normalized = Normalize(settings.ConnectionString, connectionName, settings.CommandTimeout);
        var serverVersion = ServerVersion.Parse(settings.ServerVersion);

        // A pooled factory serves the Worker's singletons; the scoped context is taken from it for everyone else.
        builder.Services.AddPooledDbContextFactory<TContext>(options =>
        {
            options.UseMySql(normalized, serverVersion, mysql =>
            {
                if (!settings.DisableRetry)
                {
                    mysql.EnableRetryOnFailure();
                }
            });
            configureDbContextOptions?.Invoke(options);
        });
        builder.Services.AddScoped(services => services.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());

        builder.Services.TryAddSingleton(services => new MySqlDataSourceBuilder(normalized)
            .UseLoggerFactory(services.GetService<ILoggerFactory>())
            .Build());

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(typeof(TContext).Name, tags: [Extensions.ReadyTag]);
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource("MySqlConnector"));
        }

        if (!settings.DisableMetrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter("MySqlConnector"));
        }
    }

    /// <summary>
    /// Everything Api and Worker need of the database: the context, the data source, the migrator that runs
    /// at start, and the readers and writer of videos.
    /// </summary>
    /// <remarks>
    /// The migrator connects with <c>ConnectionStrings:{connectionName}-owner</c> when it is configured (a user that may
    /// create the database and change its schema), else with the service's own connection string.
    /// </remarks>
    public static IHostApplicationBuilder AddYouTubeFeedDatabase(this IHostApplicationBuilder builder, string connectionName = "youtubedb")
    {
        builder.AddMySqlDbContext<YouTubeFeedDbContext>(connectionName);
        var settings = ReadSettings<YouTubeFeedDbContext>(builder, connectionName);
        var ownerName = connectionName + YouTubeFeedSchema.OwnerConnectionSuffix;
        var owner = builder.Configuration.GetConnectionString(ownerName);
        builder.Services.AddSingleton(string.IsNullOrWhiteSpace(owner)
            ? new SchemaMigrationTarget(Normalize(settings.ConnectionString, connectionName, settings.CommandTimeout), ServerVersion.Parse(settings.ServerVersion), IsOwner: false)
            : new SchemaMigrationTarget(Normalize(owner, ownerName, commandTimeout: null), ServerVersion.Parse(settings.ServerVersion), IsOwner: true));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SchemaReadiness>();
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddSingleton<VideoReader>();
        builder.Services.AddSingleton<VideoWriter>();
        builder.Services.AddSingleton<VideoDetailsStore>();
        builder.Services.AddSingleton<SearchIndexer>();
        builder.Services.AddSingleton<OffsetPager>();
        return builder;
    }

    private static MySqlEntityFrameworkCoreSettings ReadSettings<TContext>(IHostApplicationBuilder builder, string connectionName)
    {
        var settings = new MySqlEntityFrameworkCoreSettings();
        builder.Configuration.GetSection(SettingsSection).Bind(settings);
        builder.Configuration.GetSection($"{SettingsSection}:{typeof(TContext).Name}").Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        return settings;
    }

    internal static string Normalize(string? connectionString, string connectionName, int? commandTimeout)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionString is missing. Set ConnectionStrings:{connectionName} (environment ConnectionStrings__{connectionName}) " +
                $"or {SettingsSection}:ConnectionString.");
        }

        var builder = new MySqlConnectionStringBuilder(connectionString)
        {
            // Every time in the database is UTC; reading it back as UTC saves every caller a SpecifyKind.
            DateTimeKind = MySqlDateTimeKind.Utc,
            // Pomelo requires both (it reads "found rows" for concurrency checks and uses @variables in its SQL).
            AllowUserVariables = true,
            UseAffectedRows = false,
        };
        // Fail over to the cache or a 503 within seconds when the server does not answer, not after 15 s,
        // unless the connection string sets its own timeout.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.Keys.Cast<string>().Any(key => key.Replace(" ", "", StringComparison.Ordinal)
                .Equals("ConnectionTimeout", StringComparison.OrdinalIgnoreCase)
                || key.Replace(" ", "", StringComparison.Ordinal).Equals("ConnectTimeout", StringComparison.OrdinalIgnoreCase)))
        {
            builder.ConnectionTimeout = 5;
        }

        if (commandTimeout is { } seconds)
        {
            builder.DefaultCommandTimeout = (uint)seconds;
        }

        return builder.ConnectionString;
    }
}
