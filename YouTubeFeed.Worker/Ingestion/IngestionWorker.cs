using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using YouTubeFeed.Worker.Planning;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>
/// Runs <see cref="IngestionRunner"/> every <see cref="PlannerOptions.FetchInterval"/> on a <see cref="PeriodicTimer"/>
/// of the injected <see cref="TimeProvider"/>, one tick at a time (a tick that falls during a long one is merged into
/// the next), and at once when an operator asks for "fetch now". Each tick asks the planner what is due, so a key that
/// comes back from a rest is used at the first tick after, never later.
/// </summary>
public sealed partial class IngestionWorker(
    IngestionRunner runner,
    FetchLease lease,
    IOptions<PlannerOptions> options,
    TimeProvider timeProvider,
    ILogger<IngestionWorker> logger) : BackgroundService
{
    private readonly Channel<bool> fetchNow = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    /// <summary>Asks for a tick now, outside the schedule (the dashboard's "fetch now"; the planner still decides).</summary>
    public void RequestFetchNow() => fetchNow.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FetchInterval, timeProvider);
        var force = false;
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingestion tick failed; the loop goes on")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
