using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using YouTubeFeed.Data.Caching;

namespace Microsoft.Extensions.Hosting;

public static class CacheRegistration
{
    /// <summary>
    /// The Redis client (Aspire.StackExchange.Redis: tracing, logging) set to fail fast while Redis is down,
    /// so that a request falls back to MySQL at once instead of waiting in a backlog. Its health check
    /// reports a missing Redis as degraded, not unhealthy: the services keep working without it.
    /// </summary>
    public static IHostApplicationBuilder AddYouTubeFeedCache(this IHostApplicationBuilder builder, string connectionName = "cache")
    {
        builder.AddRedisClient(
            connectionName,
            configureSettings: settings => settings.DisableHealthChecks = true,
            configureOptions: options =>
            {
                options.AbortOnConnectFail = false;
                options.BacklogPolicy = BacklogPolicy.FailFast;
                options.ConnectTimeout = 2000;
                options.AsyncTimeout = 2000;
                options.SyncTimeout = 2000;
                options.ConnectRetry = 1;
            });
        builder.Services.AddHealthChecks()
            .AddCheck<RedisClientHealthCheck>("redis", failureStatus: HealthStatus.Degraded, tags: [Extensions.ReadyTag]);
        builder.Services.AddSingleton<FirstPageCache>();
        return builder;
    }
}
