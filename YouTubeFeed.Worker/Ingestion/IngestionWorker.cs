using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>
/// Runs <see cref="IngestionRunner"/> every <see cref="YouTubeOptions.FetchInterval"/> on a
/// <see cref="PeriodicTimer"/> of the injected <see cref="TimeProvider"/>, one tick at a time (a tick that
/// falls during a long cycle is merged into the next), and at once when an operator asks for "fetch now".
/// </summary>
public sealed partial class IngestionWorker(
    IngestionRunner runner,
    FetchLease lease,
    IConnectionMultiplexer redis,
    IOptions<YouTubeOptions> options,
    TimeProvider timeProvider,
    ILogger<IngestionWorker> logger) : BackgroundService
{
    private readonly Channel<bool> fetchNow = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    /// <summary>Asks for a cycle now, outside the schedule (the dashboard's "fetch now").</summary>
    public void RequestFetchNow() => fetchNow.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SubscribeToFetchNowAsync();
        using var timer = new PeriodicTimer(options.Value.FetchInterval, timeProvider);
        var force = true; // the first cycle runs at start, not one interval later
        var tick = Task.FromResult(true);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RunTickAsync(force, stoppingToken);
                if (tick.IsCompleted)
                {
                    tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                }

                var requested = fetchNow.Reader.WaitToReadAsync(stoppingToken).AsTask();
                var first = await Task.WhenAny(tick, requested);
                force = first == requested && fetchNow.Reader.TryRead(out _);
                if (first == tick && !await tick)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await lease.ReleaseAsync();
        }
    }

    private async Task RunTickAsync(bool force, CancellationToken stoppingToken)
    {
        try
        {
            await runner.RunOnceAsync(force, stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogTickFailed(logger, exception);
        }
    }

    private async Task SubscribeToFetchNowAsync()
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(CacheKeys.FetchNow, (_, _) => RequestFetchNow());
        }
        catch (RedisException exception)
        {
            LogSubscribeFailed(logger, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingestion tick failed; the loop goes on")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not subscribed to fetch-now requests: {Reason}")]
    private static partial void LogSubscribeFailed(ILogger logger, string reason);
}
