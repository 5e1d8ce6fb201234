using System.Globalization;
using System.Net;
using System.Text.Json;
using StackExchange.Redis;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Emulator;
using YouTubeFeed.Tests.Infrastructure;
using YouTubeFeed.Worker.Ingestion;

namespace YouTubeFeed.Tests.Faults;

/// <summary>
/// What every fault test needs: its own store, an emulator on a real port, Worker harnesses, and the closing
/// check (every published video stored exactly once with its fields, and the Api answering on that store).
/// </summary>
internal sealed class FaultRig : IAsyncDisposable
{
    public const string Query = "football";

    private readonly List<WorkerHarness> workers = [];

    private FaultRig(BackendFixture backend, IsolatedStore store, RunningEmulator emulator)
    {
        Backend = backend;
        Store = store;
        Emulator = emulator;
    }

    public BackendFixture Backend { get; }

    public IsolatedStore Store { get; }

    public RunningEmulator Emulator { get; }

    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <param name="emulatorSettings">Emulator configuration (section <c>Emulator</c>), e.g. <c>Keys</c>.</param>
    /// <param name="time">The emulator's clock; pass the Worker's fake clock too so that both share one time.</param>
    public static async Task<FaultRig> StartAsync(
        BackendFixture backend, IReadOnlyDictionary<string, string?>? emulatorSettings = null, TimeProvider? time = null)
    {
        var store = await IsolatedStore.CreateAsync(backend);
        var emulator = await RunningEmulator.StartAsync(emulatorSettings, time);
        var rig = new FaultRig(backend, store, emulator);
        await rig.PutKeyAsync("test-key-1", new { dailyUnits = 1_000_000 });
        return rig;
    }

    /// <summary>
    /// A Worker harness without quota pacing. Its request timeout is the Worker's default (10 s, on the real clock): a
    /// test of timeouts sets a short one itself, as a short default would turn a call that a busy machine delays into a
    /// retry, and so change the calls a test counts.
    /// </summary>
    public async Task<WorkerHarness> StartWorkerAsync(
        Dictionary<string, string?>? settings = null, TimeProvider? clock = null, bool runOnTimer = false)
    {
        // No pacing and a large local quota: tests that want quota trouble get it from the emulator's keys.
        var all = new Dictionary<string, string?>
        {
            ["YouTube:QuotaPacing"] = "false",
            ["YouTube:DailyQuotaUnits"] = "1000000",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var harness = await WorkerHarness.StartAsync(Store, Emulator.BaseAddress, all, clock, runOnTimer);
        workers.Add(harness);
        return harness;
    }

    /// <summary>
    /// Stops a harness: cleanly (the lease is released, as the Worker's loop does when it stops) or as a crash
    /// (the lease stays until it expires).
    /// </summary>
    public async Task StopWorkerAsync(WorkerHarness harness, bool releaseLease = true)
    {
        workers.Remove(harness);
        if (releaseLease)
        {
            await harness.Get<FetchLease>().ReleaseAsync();
        }

        await harness.DisposeAsync();
    }

    public Task PublishAsync(int count, DateTime? newest = null) =>
        Emulator.PublishAsync(new { query = Query, count, publishedAt = newest ?? DateTime.UtcNow.AddMinutes(-1), spacing = "00:00:01" });

    public async Task AddFaultAsync(object fault) => await Emulator.AddFaultAsync(fault);

    public async Task PutKeyAsync(string key, object body)
    {
        using var response = await Emulator.SendJsonAsync(HttpMethod.Put, $"admin/keys/{key}", body);
        response.EnsureSuccessStatusCode();
    }

    public async Task SetLatencyAsync(TimeSpan delay)
    {
        using var response = await Emulator.SendJsonAsync(HttpMethod.Put, "admin/latency", new { delay = delay.ToString("c", CultureInfo.InvariantCulture) });
        response.EnsureSuccessStatusCode();
    }

    public async Task<int> PendingFaultsAsync() =>
        (await Emulator.GetJsonAsync("admin/faults")).EnumerateArray().Sum(f => f.TryGetProperty("count", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 1);

    public static async Task<IReadOnlyList<CycleResult>> RunAsync(WorkerHarness worker, bool force = true)
    {
        var results = await worker.RunAsync(force);
        var status = worker.Get<IngestionStatus>();
        TestContext.Current.SendDiagnosticMessage(
            $"tick: fetcher={status.IsFetcher} usable={status.UsableKeys} problem={status.LastProblem} results=[{string.Join("; ", results)}]");
        return results;
    }

    /// <summary>Runs ticks until one completes its cycle; returns every result on the way.</summary>
    public static async Task<List<CycleResult>> RunUntilCompletedAsync(WorkerHarness worker, int maxTicks = 8)
    {
        var all = new List<CycleResult>();
        for (var i = 0; i < maxTicks; i++)
        {
            var results = await RunAsync(worker);
            all.AddRange(results);
            if (results.Count > 0 && results.All(r => r.Completed))
            {
                return all;
            }
        }

        Assert.Fail($"no cycle completed in {maxTicks} ticks: {string.Join("; ", all)}");
        return all;
    }

    /// <summary>The committed watermark of the query (null before the first completed cycle).</summary>
    public async Task<DateTime?> WatermarkAsync() =>
        await Store.ScalarAsync<object?>($"SELECT watermark FROM ingestion_state WHERE query = '{Query}'") as DateTime?;

    /// <summary>
    /// Every video the emulator published is stored exactly once, with title, description, channel and time.
    /// Returns the number of videos checked.
    /// </summary>
    public async Task<int> AssertStoredExactlyOnceAsync(string fault)
    {
        var published = (await Emulator.GetJsonAsync($"admin/videos?query={Query}")).EnumerateArray()
            .ToDictionary(v => v.GetProperty("videoId").GetString()!, Describe);
        var stored = await Store.ColumnAsync("SELECT video_id FROM videos");
        Assert.Equal(stored.Count, stored.Distinct().Count());
        var missing = published.Keys.Except(stored).ToList();
        var extra = stored.Except(published.Keys).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"{missing.Count} missing ({string.Join(",", missing.Take(5))}), {extra.Count} unexpected");
        var rows = await Store.ColumnAsync(
            "SELECT CONCAT_WS(CHAR(31 USING utf8mb4), video_id, title, description, channel_id, channel_title, DATE_FORMAT(published_at, '%Y-%m-%dT%H:%i:%sZ'), thumbnail_default) FROM videos");
        foreach (var row in rows)
        {
            var id = row[..row.IndexOf('\u001f', StringComparison.Ordinal)];
            Assert.Equal(published[id], row);
        }

        // Every stored video was queued for its search terms: once they are written, each has some. A Worker's own
        // indexer may hold some of the queue (its rows are skipped here): wait until the queue is empty.
        await using (var dataSource = new MySqlConnector.MySqlDataSource(Store.MySqlConnectionString))
        await using (var indexer = new SearchIndexer(dataSource))
        {
            await Eventually(
                async () =>
                {
                    await indexer.DrainAsync(TestContext.Current.CancellationToken);
                    return await indexer.BacklogAsync(TestContext.Current.CancellationToken);
                },
                queued => queued == 0,
                TimeSpan.FromSeconds(30),
                "search backlog drained");
        }

        var terms = await Store.ScalarAsync<long>("SELECT COUNT(DISTINCT video_id) FROM video_terms");
        Assert.Equal(published.Count, terms);
        Tally.Record(fault, published.Count, stored.Count);
        return published.Count;
    }

    /// <summary>An Api on the same store answers /getData and /api/videos with every stored video counted.</summary>
    public async Task AssertApiAnswersAsync(int expectedTotal)
    {
        await using var api = new ApiServer(Store, new Dictionary<string, string?> { ["Api:FirstPageLocalTtl"] = "00:00:00" });
        using var http = api.CreateHttpClient();
        // The cached first page may be one refresh behind (e.g. after Redis was away): it catches up by itself.
        var legacy = await Eventually(
            async () => await GetJsonAsync(http, "/getData?limit=100"),
            page => page.GetProperty("totalCount").GetInt64() == expectedTotal,
            TimeSpan.FromSeconds(30),
            "/getData totalCount");
        Assert.False(legacy.GetProperty("isError").GetBoolean());
        Assert.Equal(Math.Min(100, expectedTotal), legacy.GetProperty("videos").GetArrayLength());

        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync(http, "/api/videos?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("videoId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && ids.Count <= expectedTotal);

        Assert.Equal(expectedTotal, ids.Count);
        Assert.Equal(expectedTotal, ids.Distinct().Count());
    }

    public async Task FinalCheckAsync(string fault)
    {
        var count = await AssertStoredExactlyOnceAsync(fault);
        await AssertApiAnswersAsync(count);
    }

    public async Task FlushRedisDatabaseAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Store.RedisConnectionString + ",allowAdmin=true");
        await redis.GetDatabase(Store.RedisDatabase).ExecuteAsync("FLUSHDB");
    }

    public async Task<FirstPageSnapshot?> CachedFirstPageAsync(WorkerHarness worker) => await worker.Get<FirstPageCache>().ReadAsync();

    public static async Task<JsonElement> GetJsonAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds; fails with the last value at the deadline.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? lastError = null;
        var last = default(T);
        while (true)
        {
            try
            {
                last = await probe();
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !Cancel.IsCancellationRequested)
            {
                lastError = ex;
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"{what}: not reached within {timeout.TotalSeconds:0} s; last value {last}; last error {lastError?.Message}");
            }

            await Task.Delay(100, Cancel);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }

        workers.Clear();
        await Emulator.DisposeAsync();
    }

    private static string Describe(JsonElement v)
    {
        var id = v.GetProperty("videoId").GetString()!;
        var at = v.GetProperty("publishedAt").GetDateTime().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        // As stored: a URL that YouTube derives from the id is an empty column (StoredThumbnails).
        var thumbnail = StoredThumbnails.Compact(
            id, StoredThumbnails.Default, v.GetProperty("thumbnails").GetProperty("default").GetProperty("url").GetString()!);
        return string.Join('\u001f', id, v.GetProperty("title").GetString(), v.GetProperty("description").GetString(),
            v.GetProperty("channelId").GetString(), v.GetProperty("channelTitle").GetString(), at, thumbnail);
    }
}

/// <summary>Counts of the closing checks, written to a file for docs/reliability.md.</summary>
internal static class Tally
{
    private static readonly Lock Gate = new();

    public static string FilePath => Path.Combine(Path.GetTempPath(), "youtubefeed-reliability-tally.txt");

    public static void Record(string fault, int published, int stored)
    {
        lock (Gate)
        {
            File.AppendAllText(FilePath, $"{DateTime.UtcNow:O}\t{fault}\tpublished={published}\tstored={stored}\tlost={published - stored}\n");
        }
    }

    public static void Note(string line)
    {
        lock (Gate)
        {
            File.AppendAllText(FilePath, $"{DateTime.UtcNow:O}\t{line}\n");
        }
    }
}
