using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace YouTubeFeed.Data.Database;

/// <summary>Healthy when the database answers and the schema has been migrated.</summary>
internal sealed class DatabaseHealthCheck(MySqlDataSource dataSource, SchemaReadiness readiness) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new MySqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is MySqlException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The database does not answer.", exception);
        }

        return readiness.IsReady
            ? HealthCheckResult.Healthy("The database answers.")
            : new HealthCheckResult(context.Registration.FailureStatus, $"The database answers; its schema is not migrated yet ({readiness.LastError ?? "in progress"}).");
    }
}
