using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using YouTubeFeed.Hosting.Local;

namespace YouTubeFeed.Hosting;

/// <summary>
/// Adds a Redis server run as a local <c>redis-server</c> process, where no container engine runs. Aspire.Hosting.Redis's
/// <c>AddRedis</c> (a container) is referenced as well and is the choice where a container engine answers.
/// </summary>
public static class LocalRedisBuilderExtensions
{
    /// <summary>Adds a local <c>redis-server</c>, ephemeral unless <see cref="WithDataDirectory"/> is used.</summary>
    /// <param name="builder">The <see cref="IDistributedApplicationBuilder"/>.</param>
    /// <param name="name">The resource name, also the connection string name.</param>
    /// <param name="port">The host port; allocated by Aspire when null.</param>
    /// <param name="password">The password; a generated secret parameter <c>{name}-password</c> when null.</param>
    /// <exception cref="DistributedApplicationException"><c>redis-server</c> is not installed.</exception>
    public static IResourceBuilder<LocalRedisServerResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, int? port = null, IResourceBuilder<ParameterResource>? password = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var redisServer = builder.ExecutionContext.IsRunMode
            ? LocalExecutables.Resolve("redis-server", LocalExecutables.RedisHint)
            : "redis-server";

        // StackExchange.Redis cannot take a password with a comma, so no special characters (as Aspire.Hosting.Redis).
        var passwordParameter = password?.Resource
            ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var redis = new LocalRedisServerResource(name, passwordParameter, redisServer, builder.AppHostDirectory, LocalPaths.NewTemporaryDirectory(name));

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey, _ => new RedisPingHealthCheck(redis), failureStatus: null, tags: null));
        LocalServerCleanupService.Register(builder);

        return builder.AddResource(redis)
            .WithEndpoint(port: port, name: LocalRedisServerResource.PrimaryEndpointName)
            .WithArgs(context => AddArgs(redis, context.Args))
            .WithHealthCheck(healthCheckKey)
            .OnBeforeResourceStarted((resource, _, ct) => WriteConfigFileAsync(resource, ct))
            .OnResourceReady((resource, _, _) =>
            {
                // Read at start only; the password need not stay on disk until the next start.
                LocalPaths.DeleteQuietly(resource.ConfigFilePath);
                return Task.CompletedTask;
            });
    }

    /// <summary>
    /// Keeps the data in <paramref name="path"/> across runs (append-only file); the executable counterpart of
    /// <c>WithDataVolume</c>. A relative path is relative to the AppHost directory.
    /// </summary>
    public static IResourceBuilder<LocalRedisServerResource> WithDataDirectory(this IResourceBuilder<LocalRedisServerResource> builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);

        builder.Resource.DataDirectory = Path.GetFullPath(path, builder.ApplicationBuilder.AppHostDirectory);
        builder.Resource.IsTemporaryDataDirectory = false;
        return builder;
    }

    private static void AddArgs(LocalRedisServerResource redis, IList<object> args)
    {
        // The config file comes first (redis-server's rule) and carries the password, so that it is not on
        // the command line, where the dashboard and ps would show it.
        args.Add(redis.ConfigFilePath);
        args.Add("--bind");
        args.Add("127.0.0.1");
        args.Add("--port");
        args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
        args.Add("--dir");
        args.Add(redis.DataDirectory);
        if (redis.IsTemporaryDataDirectory)
        {
            args.Add("--save");
            args.Add("");
            args.Add("--appendonly");
            args.Add("no");
        }
        else
        {
            args.Add("--appendonly");
            args.Add("yes");
        }
    }

    private static async Task WriteConfigFileAsync(LocalRedisServerResource redis, CancellationToken cancellationToken)
    {
        LocalPaths.EnsureDirectory(redis.RuntimeDirectory);
        LocalPaths.EnsureDirectory(redis.DataDirectory);
        var password = await redis.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DistributedApplicationException($"The password parameter of '{redis.Name}' has no value.");

        var config = new StringBuilder()
            .Append($"requirepass {Quote(password)}\n")
            .Append($"pidfile {Quote(redis.PidFilePath)}\n")
            // redis-server rewrites its command line to this title; the config path in it lets the process be found.
            .Append("proc-title-template \"{title} {listen-addr} {config-file}\"\n")
            .ToString();
        await LocalPaths.WriteSecretFileAsync(redis.ConfigFilePath, config, cancellationToken).ConfigureAwait(false);
    }

    // A double-quoted redis.conf string (sdssplitargs rules).
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
