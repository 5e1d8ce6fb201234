using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using YouTubeFeed.Data.Database;
using YouTubeFeed.Hosting;

namespace YouTubeFeed.AppHost.Backends;

/// <summary>
/// The migration step: once the owner user exists it creates the database if needed and applies the EF Core
/// migrations as that user, then finishes (exit code 0). The services wait for it, so their own users need no right
/// to change the schema; their migrators then find nothing to do.
/// </summary>
internal sealed class DatabaseMigrationResource(string name, MySqlUserResource owner, string serverVersion)
    : Resource(name), IResourceWithParent<MySqlUserResource>
{
    public MySqlUserResource Parent { get; } = owner;

    public string ServerVersion { get; } = serverVersion;
}

internal static class DatabaseMigrationExtensions
{
    public static IResourceBuilder<DatabaseMigrationResource> AddDatabaseMigrations(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<MySqlUserResource> owner, string serverVersion)
    {
        var migrations = new DatabaseMigrationResource(name, owner.Resource, serverVersion);
        // Run again at every later ready of the owner (e.g. after a restart of mysql): it is idempotent.
        owner.OnResourceReady((_, @event, ct) => MigrateAsync(migrations, @event.Services, ct));
        return builder.AddResource(migrations)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Migrations",
                State = KnownResourceStates.Waiting,
                Properties = [],
            })
            .WithIconName("DatabaseArrowUp")
            .ExcludeFromManifest();
    }

    private static async Task MigrateAsync(DatabaseMigrationResource migrations, IServiceProvider services, CancellationToken cancellationToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(migrations);
        await notifications.PublishUpdateAsync(migrations, s => s with
        {
            State = KnownResourceStates.Running,
            StartTimeStamp = DateTime.UtcNow,
            StopTimeStamp = null,
            ExitCode = null,
        });
        try
        {
            var connectionString = await ((IResourceWithConnectionString)migrations.Parent).GetConnectionStringAsync(cancellationToken)
                ?? throw new InvalidOperationException($"'{migrations.Parent.Name}' has no connection string.");
            var applied = await YouTubeFeedSchema.MigrateAsync(connectionString, migrations.ServerVersion, logger, cancellationToken);
            logger.LogInformation("{Count} migration(s) applied.", applied.Count);
            await notifications.PublishUpdateAsync(migrations, s => s with { State = KnownResourceStates.Finished, ExitCode = 0, StopTimeStamp = DateTime.UtcNow });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "The migration failed; the Worker and the Api do not start until it succeeds (restart mysql, or the AppHost, to try again).");
            await notifications.PublishUpdateAsync(migrations, s => s with { State = KnownResourceStates.Exited, ExitCode = 1, StopTimeStamp = DateTime.UtcNow });
        }
    }
}
