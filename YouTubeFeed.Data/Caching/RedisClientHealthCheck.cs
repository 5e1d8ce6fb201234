using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace YouTubeFeed.Data.Caching;

/// <summary>
/// Whether this service's Redis client gets answers (not whether the server process runs: the AppHost's own
/// check says that). A server that is connected but stalled counts as not answering after <see cref="Budget"/>.
/// </summary>
internal sealed class RedisClientHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    /// <summary>How long a ping may take; the client's own timeout (2 s) would hold a health probe that long.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(500);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis is not connected; MySQL serves every request.");
        }

        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(Budget, cancellationToken);
            return HealthCheckResult.Healthy("Redis answers.");
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis does not answer; MySQL serves every request.", exception);
        }
    }
}
