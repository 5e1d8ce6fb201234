using Microsoft.Extensions.Configuration;

namespace YouTubeFeed.AppHost.Backends;

/// <summary>The MySQL database and the Redis cache, from wherever they can run here.</summary>
internal sealed record Backends(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Cache,
    bool InContainers);

internal static class BackendBuilderExtensions
{
    private const string MySqlImageTag = "8.4";

    /// <summary>
    /// Adds <c>mysql</c> (database <c>youtubedb</c>) and <c>cache</c>: containers when a container engine
    /// answers, else local <c>mariadbd</c> and <c>redis-server</c> processes with their data in a per-user
    /// folder (like a volume, it survives restarts). Says once which it chose and why.
    /// </summary>
    public static Backends AddBackends(this IDistributedApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(BackendOptions.Section).Get<BackendOptions>() ?? new BackendOptions();
        var (useContainers, reason) = Choose(options);
        Console.WriteLine($"Backends: {(useContainers ? "containers (mysql:8.4, Aspire's Redis)" : "local mariadbd and redis-server processes")}, because {reason}.");
        if (!options.Ephemeral && !useContainers)
        {
            Console.WriteLine($"Data is kept in {options.ResolveDataDirectory()} (delete it to start empty).");
        }

        return useContainers ? AddContainers(builder, options) : AddLocalProcesses(builder, options);
    }

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

    private static Backends AddLocalProcesses(IDistributedApplicationBuilder builder, BackendOptions options)
    {
        // Throws one clear line naming the apt package when mariadbd or redis-server is missing.
        var mysql = builder.AddMySql("mysql");
        var cache = builder.AddRedisServer("cache");
        if (!options.Ephemeral)
        {
            var data = options.ResolveDataDirectory();
            mysql.WithDataDirectory(Path.Combine(data, "mysql"));
            cache.WithDataDirectory(Path.Combine(data, "redis"));
        }

        return new Backends(mysql.AddDatabase("youtubedb"), cache, InContainers: false);
    }

    // Not runnable on the machines this was written on (no container engine); kept to the official shapes.
    private static Backends AddContainers(IDistributedApplicationBuilder builder, BackendOptions options)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, "mysql-password");
        var mysql = builder.AddContainer("mysql", "mysql", MySqlImageTag)
            .WithEnvironment("MYSQL_ROOT_PASSWORD", password)
            .WithEnvironment("MYSQL_DATABASE", "youtubedb")
            .WithEndpoint(targetPort: 3306, name: "tcp");
        var cache = builder.AddRedis("cache");
        if (!options.Ephemeral)
        {
            mysql.WithVolume("youtubefeed-mysql", "/var/lib/mysql");
            cache.WithDataVolume("youtubefeed-redis");
        }

        var endpoint = mysql.GetEndpoint("tcp");
        var database = builder.AddConnectionString("youtubedb", ReferenceExpression.Create(
            $"Server={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};User ID=root;Password={password};Database=youtubedb"));
        database.WaitFor(mysql);
        return new Backends(database, cache, InContainers: true);
    }
}

internal static class ServerVersionExtensions
{
    /// <summary>Tells Pomelo which SQL dialect to speak: MariaDB 10.11 locally, MySQL 8.4 in a container.</summary>
    public static IResourceBuilder<ProjectResource> WithServerVersion(this IResourceBuilder<ProjectResource> project, Backends backends) =>
        project.WithEnvironment("Aspire__Pomelo__EntityFrameworkCore__MySql__ServerVersion", backends.InContainers ? "8.4.0-mysql" : "10.11.0-mariadb");
}
