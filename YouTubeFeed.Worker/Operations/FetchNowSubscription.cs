using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Worker.Ingestion;

namespace YouTubeFeed.Worker.Operations;

/// <summary>
/// Listens for "fetch now" requests published by any replica. A subscription that fails (Redis down or stalled at
/// start) is tried again every half minute, so a replica never stays deaf for good.
/// </summary>
public sealed partial class FetchNowSubscription(
    IConnectionMultiplexer redis,
    IngestionWorker worker,
    TimeProvider timeProvider,
    ILogger<FetchNowSubscription> logger) : BackgroundService
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(CacheKeys.FetchNow, (_, _) => worker.RequestFetchNow());
                return;
            }
            catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
            {
                LogSubscribeFailed(logger, exception.Message);
            }

            try
            {
                await Task.Delay(RetryEvery, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not subscribed to fetch-now requests yet (trying again): {Reason}")]
    private static partial void LogSubscribeFailed(ILogger logger, string reason);
}
