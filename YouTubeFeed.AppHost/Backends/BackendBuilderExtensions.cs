using Microsoft.Extensions.Configuration;
using YouTubeFeed.Hosting;

namespace YouTubeFeed.AppHost.Backends;

/// <summary>
/// The MySQL database with one user per role and its migration step, and the Redis cache. Only the AppHost holds
/// the root password (it creates the database and the users); the migration step alone holds the owner's.
/// </summary>
internal sealed record Backends(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<MySqlUserResource> Owner,
    IResourceBuilder<MySqlUserResource> WorkerUser,
    IResourceBuilder<MySqlUserResource> ApiUser,
    IResourceBuilder<DatabaseMigrationResource> Migrations,
    IResourceBuilder<IResourceWithConnectionString> Cache,
    string ServerVersion);

internal static class BackendBuilderExtensions
{
    public const string DatabaseName = "youtubedb";

    /// <summary>
    /// Adds <c>mysql</c> (database <c>youtubedb</c>, its users <c>youtubedb-owner</c>, <c>youtubedb-worker</c>,
    /// <c>youtubedb-api</c> and the step <c>youtubedb-migrations</c>) and <c>cache</c>: containers when a container
    /// engine answers, else local <c>mariadbd</c> and <c>redis-server</c> processes with their data in a per-user folder
    /// (like a volume, it survives restarts). Says once which it chose and why.
    /// </summary>
    public static Backends AddBackends(this IDistributedApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(BackendOptions.Section).Get<BackendOptions>() ?? new BackendOptions();
        var (useContainers, reason) = Choose(options);
        Console.WriteLine($"Backends: {(useContainers ? $"containers (mysql:{MySqlContainerBuilderExtensions.DefaultTag}, Aspire's Redis)" : "local mariadbd and redis-server processes")}, because {reason}.");
        if (!options.Ephemeral && !useContainers)
        {
            Console.WriteLine($"Data is kept in {options.ResolveDataDirectory()} (delete it to start empty).");
        }

        var (database, cache, serverVersion) = useContainers ? AddContainers(builder, options) : AddLocalProcesses(builder, options);

        // Least privilege: the Api reads, the Worker writes rows, only the migration step changes the schema.
        var owner = database.AddMySqlUser($"{DatabaseName}-owner", "youtubefeed_owner", DatabaseAccess.Owner);
        var worker = database.AddMySqlUser($"{DatabaseName}-worker", "youtubefeed_worker", DatabaseAccess.ReadWrite);
        var api = database.AddMySqlUser($"{DatabaseName}-api", "youtubefeed_api", DatabaseAccess.ReadOnly);
        var migrations = builder.AddDatabaseMigrations($"{DatabaseName}-migrations", owner, serverVersion);
        return new Backends(database, owner, worker, api, migrations, cache, serverVersion);
    }

    /// <summary>
    /// Gives the service its own user as <c>ConnectionStrings__youtubedb</c> and the SQL dialect, and starts it once
    /// the user exists and the schema is migrated.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDatabaseUser(this IResourceBuilder<ProjectResource> project, Backends backends, IResourceBuilder<MySqlUserResource> user) =>
        project
            .WithReference(user, connectionName: DatabaseName).WaitFor(user)
            .WaitForCompletion(backends.Migrations)
            .WithEnvironment("Aspire__Pomelo__EntityFrameworkCore__MySql__ServerVersion", backends.ServerVersion);

    private static (bool UseContainers, string Reason) Choose(BackendOptions options)
    {
        switch (options.Mode.Trim().ToLowerInvariant())
        {
            case "local":
                return (false, "Backends:Mode is 'local'");
            case "container":
                return (true, "Backends:Mode is 'container'");
            case "auto":
                var runtime = ContainerRuntime.FindAnswering();
                return runtime is null
                    ? (false, "no container engine (Docker or Podman) answers")
                    : (true, $"{runtime} answers");
            default:
                throw new DistributedApplicationException($"Backends:Mode must be auto, local or container, not '{options.Mode}'.");
        }
    }

    private static (IResourceBuilder<IResourceWithConnectionString>, IResourceBuilder<IResourceWithConnectionString>, string) AddLocalProcesses(
        IDistributedApplicationBuilder builder, BackendOptions options)
    {
        // Throws one clear line naming the apt package when mariadbd or redis-server is missing.
        var mysql = builder.AddLocalMariaDb("mysql");
        var cache = builder.AddLocalRedis("cache");
        if (!options.Ephemeral)
        {
            var data = options.ResolveDataDirectory();
            mysql.WithDataDirectory(Path.Combine(data, "mysql"));
            cache.WithDataDirectory(Path.Combine(data, "redis"));
        }

        return (mysql.AddDatabase(DatabaseName), cache, "10.11.0-mariadb");
    }

    // Not runnable on the machines this was written on (no container engine); built like the local path. Everything
    // after the first line takes any MySQL database resource, so the switch to Aspire.Hosting.MySql is that line.
    private static (IResourceBuilder<IResourceWithConnectionString>, IResourceBuilder<IResourceWithConnectionString>, string) AddContainers(
        IDistributedApplicationBuilder builder, BackendOptions options)
    {
        // The day Aspire.Hosting.MySql is served, this line becomes builder.AddMySql("mysql") (README, "Containers").
        var mysql = builder.AddMySqlContainer("mysql");
        var cache = builder.AddRedis("cache");
        if (!options.Ephemeral)
        {
            mysql.WithDataVolume("youtubefeed-mysql");
            cache.WithDataVolume("youtubefeed-redis");
        }

        return (mysql.AddDatabase(DatabaseName), cache, $"{MySqlContainerBuilderExtensions.DefaultTag}.0-mysql");
    }
}
