using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace YouTubeFeed.Hosting;

/// <summary>
/// Healthy when a new connection with the resource's connection string (a server as root, a database, or a user)
/// is accepted and answers <c>SELECT 1</c>.
/// </summary>
/// <remarks>An executable counts as started before it listens, so without this WaitFor would return too early.</remarks>
internal sealed class MySqlConnectionHealthCheck(IResourceWithConnectionString resource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await resource.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The connection string of '{resource.Name}' is not available yet.");

            // No pooling: a pooled connection could hide a server that has just gone away.
            var builder = new MySqlConnectionStringBuilder(connectionString) { Pooling = false, ConnectionTimeout = 5 };
            await using var connection = new MySqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new MySqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}
