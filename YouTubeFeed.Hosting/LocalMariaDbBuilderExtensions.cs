using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using YouTubeFeed.Hosting.Local;

namespace Aspire.Hosting;

/// <summary>
/// Adds a MySQL server run as a local <c>mariadbd</c> process (no container engine needed). The methods and
/// resource types mirror Aspire.Hosting.MySql, so moving to the container needs only the AppHost's calls.
/// </summary>
public static class MySqlBuilderExtensions
{
    /// <summary>Adds a MySQL server (local <c>mariadbd</c>) to the application model.</summary>
    /// <param name="builder">The <see cref="IDistributedApplicationBuilder"/>.</param>
    /// <param name="name">The resource name, also the connection string name.</param>
    /// <param name="password">The root password; a generated secret parameter <c>{name}-password</c> when null.</param>
    /// <param name="port">The host port; allocated by Aspire when null.</param>
    /// <exception cref="DistributedApplicationException"><c>mariadbd</c> or <c>mariadb-install-db</c> is not installed.</exception>
    public static IResourceBuilder<MySqlServerResource> AddMySql(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource>? password = null, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var mariadbd = FindBinary(builder, "mariadbd");
        var passwordParameter = password?.Resource ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var server = new MySqlServerResource(name, passwordParameter, mariadbd, builder.AppHostDirectory, LocalPaths.NewTemporaryDirectory(name));

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey, _ => new MySqlHealthCheck(server), failureStatus: null, tags: null));
        LocalServerCleanupService.Register(builder);

        var serverBuilder = builder.AddResource(server)
            .WithEndpoint(port: port, name: MySqlServerResource.PrimaryEndpointName)
            .WithIconName("DatabaseMultiple")
            .WithArgs(context => AddServerArgs(server, context.Args))
            .WithHealthCheck(healthCheckKey)
            .OnBeforeResourceStarted((resource, _, ct) => WriteInitFileAsync(resource, ct))
            .OnResourceReady(async (resource, @event, ct) =>
            {
                // mariadbd has read it by now; the password need not stay on disk until the next start.
                LocalPaths.DeleteQuietly(resource.InitFilePath);
                await CreateDatabasesAsync(resource, @event.Services, ct).ConfigureAwait(false);
            });

        SyncInitResource(serverBuilder);
        return serverBuilder;
    }

    /// <summary>
    /// Keeps the data in <paramref name="path"/> across runs (the executable counterpart of <c>WithDataVolume</c>).
    /// A relative path is relative to the AppHost directory.
    /// </summary>
    public static IResourceBuilder<MySqlServerResource> WithDataDirectory(this IResourceBuilder<MySqlServerResource> builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);

        builder.Resource.DataDirectory = Path.GetFullPath(path, builder.ApplicationBuilder.AppHostDirectory);
        builder.Resource.IsTemporaryDataDirectory = false;
        SyncInitResource(builder);
        return builder;
    }

    /// <summary>Adds a database that is created on the server (if missing) when the server becomes ready.</summary>
    /// <param name="builder">The MySQL server resource builder.</param>
    /// <param name="name">The resource name, also the connection string name.</param>
    /// <param name="databaseName">The database name; <paramref name="name"/> when null.</param>
    public static IResourceBuilder<MySqlDatabaseResource> AddDatabase(this IResourceBuilder<MySqlServerResource> builder, string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var database = new MySqlDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.AddDatabase(database);

        builder.ApplicationBuilder.Services.TryAddSingleton<AppShutdown>();
        var healthCheckKey = $"{name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(healthCheckKey, _ => new MySqlHealthCheck(database), failureStatus: null, tags: null));

        return builder.ApplicationBuilder.AddResource(database)
            .WithHealthCheck(healthCheckKey)
            .OnInitializeResource((resource, @event, _) =>
            {
                // Aspire passes a container's state on to its databases, but not an executable's.
                ParentStateMirror.Start(resource, resource.Parent, @event.Notifications, @event.Services);
                return Task.CompletedTask;
            });
    }

    private static void AddServerArgs(MySqlServerResource server, IList<object> args)
    {
        args.Add("--no-defaults"); // must come first; keeps /etc/mysql out of it
        args.Add($"--datadir={server.DataDirectory}");
        args.Add("--bind-address=127.0.0.1");
        args.Add(ReferenceExpression.Create($"--port={server.PrimaryEndpoint.Property(EndpointProperty.TargetPort)}"));
        args.Add($"--socket={server.SocketPath}");
        args.Add($"--pid-file={server.PidFilePath}");
        args.Add($"--tmpdir={server.TempDirectory}");
        args.Add($"--init-file={server.InitFilePath}");
        if (LocalExecutables.IsRoot)
        {
            args.Add("--user=root");
        }

        args.Add("--skip-name-resolve");
        args.Add("--innodb-buffer-pool-size=256M");
        args.Add("--max-connections=500");
        args.Add("--character-set-server=utf8mb4");
        args.Add("--collation-server=utf8mb4_unicode_ci");
    }

    // Both the server and mariadb-install-db need these before they start.
    private static void EnsureDirectories(MySqlServerResource server)
    {
        LocalPaths.EnsureDirectory(server.RuntimeDirectory);
        LocalPaths.EnsureDirectory(server.TempDirectory);
        LocalPaths.EnsureDirectory(server.DataDirectory);
    }

    private static async Task WriteInitFileAsync(MySqlServerResource server, CancellationToken cancellationToken)
    {
        // This can run while mariadb-install-db still runs (the wait for it is another subscriber): no conflict.
        EnsureDirectories(server);
        var password = await server.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DistributedApplicationException($"The password parameter of '{server.Name}' has no value.");
        await LocalPaths.WriteSecretFileAsync(server.InitFilePath, MySqlInitScript.Build(password), cancellationToken).ConfigureAwait(false);
    }

    private static async Task CreateDatabasesAsync(MySqlServerResource server, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (server.DatabaseResources.Count == 0)
        {
            return;
        }

        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
        var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var database in server.DatabaseResources)
        {
            try
            {
                var identifier = new MySqlCommandBuilder().QuoteIdentifier(database.DatabaseName);
                await using var command = new MySqlCommand(
                    $"CREATE DATABASE IF NOT EXISTS {identifier} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;", connection);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                logger.LogDebug("Database '{DatabaseName}' is there.", database.DatabaseName);
            }
            catch (MySqlException ex)
            {
                logger.LogError(ex, "Failed to create database '{DatabaseName}'.", database.DatabaseName);
            }
        }
    }

    /// <summary>Adds the one-shot <c>{name}-init</c> (mariadb-install-db) when the data directory has no system schema, removes it otherwise.</summary>
    private static void SyncInitResource(IResourceBuilder<MySqlServerResource> serverBuilder)
    {
        var server = serverBuilder.Resource;
        var app = serverBuilder.ApplicationBuilder;
        var needsInit = !Directory.Exists(Path.Combine(server.DataDirectory, "mysql"));

        if (needsInit && server.InitResource is null)
        {
            var installDb = FindBinary(app, "mariadb-install-db");
            var init = app.AddExecutable($"{server.Name}-init", installDb, app.AppHostDirectory)
                .WithArgs(context =>
                {
                    context.Args.Add("--no-defaults");
                    context.Args.Add($"--datadir={server.DataDirectory}");
                    context.Args.Add("--auth-root-authentication-method=normal");
                    context.Args.Add("--skip-test-db");
                    context.Args.Add($"--tmpdir={server.TempDirectory}"); // passed on to the bootstrap server
                    if (LocalExecutables.IsRoot)
                    {
                        context.Args.Add("--user=root");
                    }
                })
                .OnBeforeResourceStarted((_, _, _) =>
                {
                    EnsureDirectories(server);
                    return Task.CompletedTask;
                })
                .WithParentRelationship(server)
                .ExcludeFromManifest();
            server.InitResource = init.Resource;
            serverBuilder.WaitForCompletion(init);
        }
        else if (!needsInit && server.InitResource is { } init)
        {
            // WithDataDirectory pointed at a directory that is already initialised.
            app.Resources.Remove(init);
            foreach (var annotation in server.Annotations.Where(a => a is WaitAnnotation w && w.Resource == init
                || a is ResourceRelationshipAnnotation r && r.Resource == init).ToList())
            {
                server.Annotations.Remove(annotation);
            }

            server.InitResource = null;
        }
    }

    // Publishing only describes the resources; the binaries are needed where the app runs.
    private static string FindBinary(IDistributedApplicationBuilder builder, string fileName) =>
        builder.ExecutionContext.IsRunMode ? LocalExecutables.Resolve(fileName, LocalExecutables.MariaDbHint) : fileName;
}
