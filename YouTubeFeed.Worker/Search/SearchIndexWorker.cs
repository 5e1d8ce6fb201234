using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using YouTubeFeed.Data.Database;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Worker.Search;

/// <summary>
/// Writes the search terms of newly stored or changed videos (<see cref="SearchIndexer"/>), off the Worker's
/// write path. Until then a search finds those videos by reading them directly, so this only moves cost.
/// Every replica runs one; they take different videos.
/// </summary>
public sealed partial class SearchIndexWorker(
    SearchIndexer indexer,
    SchemaReadiness schema,
    IMeterFactory meterFactory,
    TimeProvider timeProvider,
    ILogger<SearchIndexWorker> logger) : BackgroundService
{
    /// <summary>How often an idle indexer looks for work; the Worker stores videos every 10 s at most.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly Counter<long> indexed = meterFactory.Create(TelemetryNames.Meter)
        .CreateCounter<long>("youtubefeed.search.indexed", "{video}", "Videos whose search terms were written");

    /// <summary>When writing search terms began to fail, while it keeps failing (for the health check).</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await schema.WaitAsync(stoppingToken);
            using var timer = new PeriodicTimer(PollInterval, timeProvider);
            do
            {
                await IndexBacklogAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task IndexBacklogAsync(CancellationToken stoppingToken)
    {
        try
        {
            int taken;
            while ((taken = await indexer.IndexNextAsync(SearchIndexer.MaxBatchSize, stoppingToken)) > 0)
            {
                indexed.Add(taken);
            }

            FailingSince = null;
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // The backlog stays as it is; the next tick tries again.
            FailingSince ??= timeProvider.GetUtcNow();
            LogIndexingFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing search terms failed; the videos stay queued and are found without them meanwhile")]
    private static partial void LogIndexingFailed(ILogger logger, Exception exception);
}
