using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Database;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Worker.Ingestion;

namespace YouTubeFeed.Tests.Infrastructure;

/// <summary>
/// The Worker's ingestion services in-process, against a real database, a real Redis and the emulator over
/// HTTP, with the timer left out so that a test runs ticks itself, optionally on a fake clock.
/// </summary>
public sealed class WorkerHarness : IAsyncDisposable
{
    private readonly IHost host;

    private WorkerHarness(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public IngestionRunner Runner => host.Services.GetRequiredService<IngestionRunner>();

    public static async Task<WorkerHarness> StartAsync(
        IsolatedStore store, Uri emulator, IDictionary<string, string?>? settings = null, TimeProvider? clock = null, bool runOnTimer = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = store.Settings();
        configuration["YouTube:BaseUrl"] = new Uri(emulator, "youtube/v3/").ToString();
        configuration["YouTube:ApiKeys"] = "test-key-1";
        configuration["YouTube:Query"] = "football";
        configuration["YouTube:RequestTimeout"] = "00:00:02";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Information);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.AddYouTubeFeedDatabase();
        builder.AddYouTubeFeedCache();
        builder.AddIngestion(runOnTimer);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var readiness = host.Services.GetRequiredService<SchemaReadiness>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await readiness.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The schema was not ready within 60 s: {readiness.LastError}");
        }
        return new WorkerHarness(host);
    }

    public T Get<T>()
        where T : notnull => host.Services.GetRequiredService<T>();

    /// <summary>
    /// Stores videos in batches of 50, refreshes the cached first page and (unless told not to) writes their
    /// search terms, as the Worker's cycle and its indexer do.
    /// </summary>
    public async Task StoreAsync(IReadOnlyList<VideoRecord> videos, bool index = true)
    {
        var cancel = TestContext.Current.CancellationToken;
        foreach (var batch in videos.Chunk(50))
        {
            await Get<VideoWriter>().UpsertAsync(batch, cancel);
        }

        await Get<FirstPageCache>().RefreshAsync(cancel);
        if (index)
        {
            await Get<SearchIndexer>().DrainAsync(cancel);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }
}
