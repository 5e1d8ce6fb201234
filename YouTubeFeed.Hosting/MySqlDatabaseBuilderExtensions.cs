using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using YouTubeFeed.Hosting.Local;

namespace YouTubeFeed.Hosting;

/// <summary>Databases on a MySQL-compatible server, local or in a container, built the same way on both.</summary>
public static class MySqlDatabaseBuilderExtensions
{
    /// <summary>
    /// The character set and collation of every database created here (and of the local server): full Unicode,
    /// accent- and case-insensitive comparisons.
    /// </summary>
    public const string CharacterSetClause = "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";

    /// <summary>Adds a database that is created on the server (if missing) each time the server becomes ready.</summary>
    /// <param name="builder">The server resource builder.</param>
    /// <param name="name">The resource name, also the connection string name.</param>
    /// <param name="databaseName">The database name; <paramref name="name"/> when null.</param>
    public static IResourceBuilder<MySqlCompatibleDatabaseResource> AddDatabase<TServer>(this IResourceBuilder<TServer> builder, string name, string? databaseName = null)
        where TServer : IMySqlCompatibleServerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var database = new MySqlCompatibleDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.ApplicationBuilder.Services.TryAddSingleton<AppShutdown>();
        return builder.ApplicationBuilder.AddResource(database)
            .WithMySqlConnectionHealthCheck()
            .OnInitializeResource((resource, @event, _) =>
            {
                // Aspire passes a container's state on to its children, but not an executable's: the database
                // follows its server itself, whichever it is.
                ParentStateMirror.Start(resource, resource.Parent, @event.Notifications, @event.Services);
                return Task.CompletedTask;
            });
    }

    /// <summary>Registers <see cref="MySqlConnectionHealthCheck"/> for the resource under the key <c>{name}_check</c>.</summary>
    internal static IResourceBuilder<T> WithMySqlConnectionHealthCheck<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString
    {
        var key = $"{builder.Resource.Name}_check";
        var resource = builder.Resource;
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, _ => new MySqlConnectionHealthCheck(resource), failureStatus: null, tags: null));
        return builder.WithHealthCheck(key);
    }

    /// <summary>Creates the server's databases that do not exist yet (run when the server becomes ready).</summary>
    internal static async Task CreateDatabasesAsync(IMySqlCompatibleServerResource server, IServiceProvider services, CancellationToken cancellationToken)
    {
        var databases = services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<MySqlCompatibleDatabaseResource>()
            .Where(database => database.Parent == server)
            .ToList();
        if (databases.Count == 0)
        {
            return;
        }

        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
        var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var database in databases)
        {
            try
            {
                var identifier = new MySqlCommandBuilder().QuoteIdentifier(database.DatabaseName);
                await using var command = new MySqlCommand($"CREATE DATABASE IF NOT EXISTS {identifier} {CharacterSetClause};", connection);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                logger.LogDebug("Database '{DatabaseName}' is there.", database.DatabaseName);
            }
            catch (MySqlException ex)
            {
                logger.LogError(ex, "Failed to create database '{DatabaseName}'.", database.DatabaseName);
            }
        }
    }
}
