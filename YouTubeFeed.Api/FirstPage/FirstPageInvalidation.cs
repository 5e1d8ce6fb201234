using StackExchange.Redis;
using YouTubeFeed.Data.Caching;

namespace YouTubeFeed.Api.FirstPage;

/// <summary>
/// Keeps this process subscribed to "first page changed", so that a page the Worker stores is served at once rather
/// than after the local TTL. A subscription that failed (Redis down or stalled when the Api started) or was lost is
/// made again, checked every few seconds; after any gap the copy in memory is checked against Redis, since
/// announcements may have been missed meanwhile.
/// </summary>
internal sealed partial class FirstPageInvalidation(
    IConnectionMultiplexer redis, InProcessFirstPage firstPage, TimeProvider time, ILogger<FirstPageInvalidation> logger) : BackgroundService
{
    /// <summary>How often a healthy subscription is looked at, and the longest wait between two attempts after failures.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan SubscribeBudget = TimeSpan.FromSeconds(2);

    private readonly Action<RedisChannel, RedisValue> onMessage = (_, message) =>
    {
        if (FirstPageCache.VersionOf(message) is { } version)
        {
            firstPage.OnAnnounced(version);
        }
        else
        {
            firstPage.Expire();
        }
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Messages sent while the connection was down are lost; what Redis holds now is checked on the next request.
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            var subscriber = redis.GetSubscriber();
            var failures = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                if (subscriber.SubscribedEndpoint(CacheKeys.FirstPageChanged) is null)
                {
                    failures = await SubscribeAsync(subscriber, failures, stoppingToken) ? 0 : failures + 1;
                }

                await Task.Delay(failures == 0 ? CheckEvery : TimeSpan.FromMilliseconds(Math.Min(CheckEvery.TotalMilliseconds, 250 << Math.Min(failures, 6))), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    private async Task<bool> SubscribeAsync(ISubscriber subscriber, int failures, CancellationToken stoppingToken)
    {
        try
        {
            // A subscription that timed out may still be registered in this client: drop it, so that the handler is
            // registered once, not once per attempt.
            await subscriber.UnsubscribeAsync(CacheKeys.FirstPageChanged, onMessage, CommandFlags.FireAndForget).WaitAsync(SubscribeBudget, time, stoppingToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Nothing to drop, or Redis does not answer: the subscription below says which.
        }

        try
        {
            await subscriber.SubscribeAsync(CacheKeys.FirstPageChanged, onMessage).WaitAsync(SubscribeBudget, time, stoppingToken);
            if (failures > 0)
            {
                LogSubscribed(logger, failures);
            }

            firstPage.Expire();
            return true;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            if (failures == 0)
            {
                LogSubscribeFailed(logger, exception.Message);
            }

            return false;
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs args) => firstPage.Expire();

    [LoggerMessage(Level = LogLevel.Warning, Message = "No subscription to first-page changes (the first page follows its local TTL meanwhile); retrying: {Reason}")]
    private static partial void LogSubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to first-page changes again after {Failures} failed attempt(s)")]
    private static partial void LogSubscribed(ILogger logger, int failures);
}
