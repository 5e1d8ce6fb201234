using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace YouTubeFeed.Worker.Enrichment;

/// <summary>Runs <see cref="EnrichmentRunner"/> every <see cref="EnrichmentOptions.Interval"/> on a
/// <see cref="PeriodicTimer"/> of the injected <see cref="TimeProvider"/>, one round at a time.</summary>
public sealed partial class EnrichmentWorker(
    EnrichmentRunner runner,
    IOptions<EnrichmentOptions> options,
    TimeProvider timeProvider,
    ILogger<EnrichmentWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(options.Value.Interval, timeProvider);
            do
            {
                try
                {
                    await runner.RunOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogRoundFailed(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Enrichment round failed; the loop goes on")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
