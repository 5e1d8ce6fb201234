using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using YouTubeFeed.Hosting.Local;

namespace YouTubeFeed.Hosting;

/// <summary>
/// Adds a MariaDB server run as a local <c>mariadbd</c> process, where no container engine runs. Aspire's own
/// <c>AddMySql</c> (Aspire.Hosting.MySql) runs a container; this one is named for what it runs, so both can be
/// referenced side by side.
/// </summary>
public static class LocalMariaDbBuilderExtensions
{
    /// <summary>Adds a local <c>mariadbd</c> to the application model; ephemeral unless <see cref="WithDataDirectory"/> is used.</summary>
    /// <param name="builder">The <see cref="IDistributedApplicationBuilder"/>.</param>
    /// <param name="name">The resource name, also the connection string name.</param>
    /// <param name="password">The root password; a generated secret parameter <c>{name}-password</c> when null.</param>
    /// <param name="port">The host port; allocated by Aspire when null.</param>
    /// <exception cref="DistributedApplicationException"><c>mariadbd</c> or <c>mariadb-install-db</c> is not installed.</exception>
    public static IResourceBuilder<LocalMariaDbServerResource> AddLocalMariaDb(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource>? password = null, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var mariadbd = FindBinary(builder, "mariadbd");
        var passwordParameter = password?.Resource ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var server = new LocalMariaDbServerResource(name, passwordParameter, mariadbd, builder.AppHostDirectory, LocalPaths.NewTemporaryDirectory(name));
        LocalServerCleanupService.Register(builder);

        var serverBuilder = builder.AddResource(server)
            .WithEndpoint(port: port, name: MySqlServerConnection.PrimaryEndpointName)
            .WithIconName("DatabaseMultiple")
            .WithArgs(context => AddServerArgs(server, context.Args))
            .WithMySqlConnectionHealthCheck()
            .OnBeforeResourceStarted((resource, _, ct) => WriteInitFileAsync(resource, ct))
            .OnResourceReady(async (resource, @event, ct) =>
            {
                // mariadbd has read it by now; the password need not stay on disk until the next start.
                LocalPaths.DeleteQuietly(resource.InitFilePath);
                await MySqlDatabaseBuilderExtensions.CreateDatabasesAsync(resource, @event.Services, ct).ConfigureAwait(false);
            });

        SyncInitResource(serverBuilder);
        return serverBuilder;
    }

    /// <summary>
    /// Keeps the data in <paramref name="path"/> across runs (the executable counterpart of <c>WithDataVolume</c>).
    /// A relative path is relative to the AppHost directory.
    /// </summary>
    public static IResourceBuilder<LocalMariaDbServerResource> WithDataDirectory(this IResourceBuilder<LocalMariaDbServerResource> builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);

        builder.Resource.DataDirectory = Path.GetFullPath(path, builder.ApplicationBuilder.AppHostDirectory);
        builder.Resource.IsTemporaryDataDirectory = false;
        SyncInitResource(builder);
        return builder;
    }

    private static void AddServerArgs(LocalMariaDbServerResource server, IList<object> args)
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
        // The search indexer loads its term rows from memory (MariaDB's default, said here so that it stays so).
        args.Add("--local-infile=ON");
    }

    // Both the server and mariadb-install-db need these before they start.
    private static void EnsureDirectories(LocalMariaDbServerResource server)
    {
        LocalPaths.EnsureDirectory(server.RuntimeDirectory);
        LocalPaths.EnsureDirectory(server.TempDirectory);
        LocalPaths.EnsureDirectory(server.DataDirectory);
    }

    private static async Task WriteInitFileAsync(LocalMariaDbServerResource server, CancellationToken cancellationToken)
    {
        // This can run while mariadb-install-db still runs (the wait for it is another subscriber): no conflict.
        EnsureDirectories(server);
        var password = await server.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DistributedApplicationException($"The password parameter of '{server.Name}' has no value.");
        await LocalPaths.WriteSecretFileAsync(server.InitFilePath, MariaDbInitScript.Build(password), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the one-shot <c>{name}-init</c> (mariadb-install-db) when the data directory has no system schema, removes it otherwise.</summary>
    private static void SyncInitResource(IResourceBuilder<LocalMariaDbServerResource> serverBuilder)
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
