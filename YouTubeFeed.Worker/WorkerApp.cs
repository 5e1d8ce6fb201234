using YouTubeFeed.Worker.Enrichment;
using YouTubeFeed.Worker.Ingestion;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.Operations;
using YouTubeFeed.Worker.Search;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Worker;

/// <summary>
/// The Worker, put together: Program.cs runs it, and tests start it with their own settings. Each feature registers
/// itself: the YouTube client, the key pool and its quota ledger, ingestion (ledgers, planner, reads, lease) and its
/// loop, search indexing, enrichment by videos.list (with gone videos and the retention), and the operator's "fetch now".
/// </summary>
public static class WorkerApp
{
    public static WebApplication Build(WebApplicationOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(options);

        builder.AddServiceDefaults();
        builder.AddYouTubeFeedDatabase();
        builder.AddYouTubeFeedCache();
        builder.AddYouTubeClient();
        builder.AddKeyPool();
        builder.AddIngestion();
        builder.AddIngestionLoop();
        builder.AddSearchIndexing();
        builder.AddEnrichment();
        builder.AddFetchNow();
        configure?.Invoke(builder);

        var app = builder.Build();

        app.MapDefaultEndpoints();
        app.MapFetchNow();
        return app;
    }
}
