using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace YouTubeFeed.Data.Database;

/// <summary>Where the migrator connects: the owner connection string when configured, else the service's own.</summary>
internal sealed record SchemaMigrationTarget(string ConnectionString, ServerVersion ServerVersion, bool IsOwner);

/// <summary>
/// Creates the database when it is missing and applies the EF Core migrations when a service starts
/// (<see cref="YouTubeFeedSchema"/>). Api and Worker both run it: a named server lock makes the second one wait
/// for the first rather than fail, and a server that does not answer yet is retried until it does.
/// </summary>
internal sealed partial class DatabaseMigrator(
    SchemaMigrationTarget target,
    SchemaReadiness readiness,
    TimeProvider timeProvider,
    ILogger<DatabaseMigrator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await YouTubeFeedSchema.MigrateAsync(target.ConnectionString, target.ServerVersion, logger, stoppingToken);
                readiness.MarkReady();
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever went wrong (server not up yet, lock held too long, a failed migration, no right to create
                // the database), the service keeps running, reports it in health, and tries again.
                readiness.LastError = exception.GetType().Name + ": " + exception.Message;
                LogWaiting(logger, delay, readiness.LastError);
                await Task.Delay(delay, timeProvider, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database not ready; retrying in {Delay}: {Reason}")]
    private static partial void LogWaiting(ILogger logger, TimeSpan delay, string reason);
}
