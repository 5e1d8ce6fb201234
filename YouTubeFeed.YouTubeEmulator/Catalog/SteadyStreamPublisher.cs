using Microsoft.Extensions.Options;
using YouTubeFeed.YouTubeEmulator.Realism;

namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>
/// Makes the emulator feel like a live topic: a backlog at start, then new uploads on every tick, so a worker
/// pointed at it has something to backfill and something to follow. Like real uploads, some of them reach
/// search late (<see cref="IndexingDelay"/>).
/// </summary>
internal sealed partial class SteadyStreamPublisher(
    IOptions<EmulatorOptions> options,
    VideoFactory factory,
    VideoCatalog catalog,
    IndexingDelay indexing,
    Chance chance,
    TimeProvider time,
    ILogger<SteadyStreamPublisher> logger) : BackgroundService
{
    private static readonly TimeSpan SeedWindow = TimeSpan.FromHours(48);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server listens, so the first request already sees the backlog.
        Seed();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PublishInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = time.GetUtcNow();
                catalog.Publish(options.Value.QueryList.Select(topic => factory.Create(topic, now, indexing.Draw())).ToArray());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private void Seed()
    {
        var perTopic = options.Value.SeedVideosPerQuery;
        if (perTopic == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var videos = new List<Video>();
        foreach (var topic in options.Value.QueryList)
        {
            for (var index = 0; index < perTopic; index++)
            {
                // Evenly spread with jitter, so gaps look organic but no hour of the window is empty.
                var fraction = (index + chance.Next()) / perTopic;
                videos.Add(factory.Create(topic, now - (SeedWindow * fraction), indexing.Draw()));
            }
        }

        catalog.Publish(videos);
        LogSeeded(logger, videos.Count, options.Value.QueryList.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} videos over {Topics} topic(s)")]
    private static partial void LogSeeded(ILogger logger, int count, int topics);
}
