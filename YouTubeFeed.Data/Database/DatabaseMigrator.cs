using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace YouTubeFeed.Data.Database;

/// <summary>
/// Applies the EF Core migrations when a service starts. Api and Worker both run it: a named server lock
/// makes the second one wait for the first rather than fail, and a server that does not answer yet is
/// retried until it does.
/// </summary>
internal sealed partial class DatabaseMigrator(
    IServiceScopeFactory scopeFactory,
    MySqlDataSource dataSource,
    SchemaReadiness readiness,
    TimeProvider timeProvider,
    ILogger<DatabaseMigrator> logger) : BackgroundService
{
    private const string LockName = "youtubefeed.schema-migrations";
    private const int LockWaitSeconds = 60;
    private static readonly ActivitySource Activity = new(TelemetryNames.ActivitySource);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await MigrateAsync(stoppingToken);
                readiness.MarkReady();
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever went wrong (server not up yet, lock held too long, a failed migration), the service
                // keeps running, reports it in health, and tries again.
                readiness.LastError = exception.GetType().Name + ": " + exception.Message;
                LogWaiting(logger, delay, readiness.LastError);
                await Task.Delay(delay, timeProvider, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        using var activity = Activity.StartActivity("migrate database");
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var acquire = new MySqlCommand($"SELECT GET_LOCK('{LockName}', {LockWaitSeconds})", lockConnection))
        {
            if (Convert.ToInt64(await acquire.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) != 1)
            {
                throw new TimeoutException($"Another service held the migration lock for more than {LockWaitSeconds} s.");
            }
        }

        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<YouTubeFeedDbContext>();
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                LogApplying(logger, pending.Count, string.Join(", ", pending));
                await context.Database.MigrateAsync(cancellationToken);
            }

            LogReady(logger);
        }
        finally
        {
            await using var release = new MySqlCommand($"SELECT RELEASE_LOCK('{LockName}')", lockConnection);
            await release.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database not ready; retrying in {Delay}: {Reason}")]
    private static partial void LogWaiting(ILogger logger, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s): {Migrations}")]
    private static partial void LogApplying(ILogger logger, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is up to date")]
    private static partial void LogReady(ILogger logger);
}
