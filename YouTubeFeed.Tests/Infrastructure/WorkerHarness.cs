using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Database;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Worker.Enrichment;
using YouTubeFeed.Worker.Ingestion;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.Planning;
using YouTubeFeed.Worker.Search;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Tests.Infrastructure;

/// <summary>
/// The Worker's ingestion services in-process, against a real database, a real Redis and the emulator over
/// HTTP, composed like <c>WorkerApp</c> but with the loops left out (unless asked for) so that a test runs ticks
/// itself, optionally on a fake clock.
/// </summary>
public sealed class WorkerHarness : IAsyncDisposable
{
    private readonly IHost host;

    private readonly bool followsRealTime;

    private WorkerHarness(IHost host, TimeProvider clock, bool followsRealTime)
    {
        this.host = host;
        Clock = clock;
        this.followsRealTime = followsRealTime;
    }

    /// <summary>
    /// The Worker's clock: unless the test gives one, a fake clock starting at the real time (a timer-driven harness
    /// gets the real clock). <see cref="RunAsync"/> moves a fake clock on before each tick (see <see cref="AdvanceClock"/>),
    /// since the Worker never reads a query twice within a fetch interval.
    /// </summary>
    public TimeProvider Clock { get; }

    public IServiceProvider Services => host.Services;

    public IngestionRunner Runner => host.Services.GetRequiredService<IngestionRunner>();

    public EnrichmentRunner Enrichment => host.Services.GetRequiredService<EnrichmentRunner>();

    public static async Task<WorkerHarness> StartAsync(
        IsolatedStore store, Uri emulator, IDictionary<string, string?>? settings = null, TimeProvider? clock = null, bool runOnTimer = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = store.Settings();
        configuration["YouTube:BaseUrl"] = new Uri(emulator, "youtube/v3/").ToString();
        configuration["YouTube:ApiKeys"] = "test-key-1";
        configuration["YouTube:Query"] = "football";
        // Ticks are the test's to run: "fetch now" may read a query again after 50 ms, not only after 10 s.
        configuration["YouTube:FetchInterval"] = "00:00:00.050";
        var followsRealTime = clock is null && !runOnTimer;
        clock ??= runOnTimer ? TimeProvider.System : new FakeTimeProvider(DateTimeOffset.UtcNow);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddProvider(new TestLogs(LogLevel.Information, output: TestContext.Current.TestOutputHelper)).SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("MySqlConnector", LogLevel.Warning)
            .AddFilter("StackExchange", LogLevel.Warning)
            .AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Services.AddSingleton(clock);

        builder.AddYouTubeFeedDatabase();
        builder.AddYouTubeFeedCache();
        builder.AddYouTubeClient();
        builder.AddKeyPool();
        builder.AddIngestion();
        // Rounds are the test's to run (Enrichment): no loop calls videos.list behind a test's back.
        builder.AddEnrichment(loop: false);
        if (runOnTimer)
        {
            builder.AddIngestionLoop();
            builder.AddSearchIndexing();
        }

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
        return new WorkerHarness(host, clock, followsRealTime);
    }

    /// <summary>One tick, as the Worker's loop runs it; <paramref name="force"/>: as "fetch now" asks for it.</summary>
    public async Task<IReadOnlyList<CycleResult>> RunAsync(bool force = true)
    {
        AdvanceClock();
        return await Runner.RunOnceAsync(force, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Moves a fake clock on by one fetch interval, so that the next forced tick may read again; the harness's own
    /// clock also at least to the real time, so that it stays with the emulator's (which lists videos in real time).
    /// </summary>
    public void AdvanceClock()
    {
        if (Clock is FakeTimeProvider fake)
        {
            var next = fake.GetUtcNow() + Get<IOptions<PlannerOptions>>().Value.FetchInterval;
            fake.SetUtcNow(followsRealTime && DateTimeOffset.UtcNow > next ? DateTimeOffset.UtcNow : next);
        }
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
