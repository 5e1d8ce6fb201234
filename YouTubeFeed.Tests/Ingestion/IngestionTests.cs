using Microsoft.Extensions.Time.Testing;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Emulator;
using YouTubeFeed.Tests.Infrastructure;
using YouTubeFeed.Worker.Ingestion;
using YouTubeFeed.Worker.Keys;

namespace YouTubeFeed.Tests.Ingestion;

/// <summary>The fetch cycle against real MariaDB, real Redis and the emulator over HTTP.</summary>
[Collection(BackendCollection.Name)]
public sealed class IngestionTests(BackendFixture backend) : IAsyncLifetime
{
    private IsolatedStore store = null!;
    private RunningEmulator emulator = null!;
    private readonly List<WorkerHarness> harnesses = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        store = await IsolatedStore.CreateAsync(backend);
        emulator = await RunningEmulator.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var harness in harnesses)
        {
            await harness.DisposeAsync();
        }

        await emulator.DisposeAsync();
    }

    [Fact]
    public async Task A_burst_of_230_new_videos_is_stored_completely_with_at_most_5_calls()
    {
        var worker = await StartWorkerAsync();
        await PublishAsync(20, DateTime.UtcNow.AddHours(-2));
        await RunAsync(worker);
        await EmulatorCall.ClearAsync(emulator);

        await PublishAsync(230, DateTime.UtcNow.AddMinutes(-1));
        var results = await RunAsync(worker);

        Assert.True(Assert.Single(results).Completed);
        // The read of new videos (no publishedBefore); a late sweep may come with it.
        Assert.InRange((await EmulatorCall.ListAsync(emulator)).Count(c => c.PublishedBefore is null), 1, 5);
        await AssertStoredExactlyOnceAsync();
    }

    [Fact]
    public async Task An_error_on_page_2_is_recovered_by_the_next_cycle_without_gaps_or_duplicates()
    {
        var worker = await StartWorkerAsync();
        await PublishAsync(180, DateTime.UtcNow.AddMinutes(-5));
        // Two failures: the call and its one retry (each costs quota, so there is no second).
        await emulator.AddFaultAsync(new { kind = "status", status = 503, count = 2, onPage = 2 });

        var first = Assert.Single(await RunAsync(worker));
        Assert.False(first.Completed);
        Assert.Equal(1, first.Pages);
        await EmulatorCall.ClearAsync(emulator);

        // The next tick reads what is new, and goes on below what page 1 read with a fresh chain: it does not start
        // the first read's chain from the newest page again.
        var second = Assert.Single(await RunAsync(worker));
        Assert.True(second.Completed);
        var calls = await EmulatorCall.ListAsync(emulator);
        Assert.DoesNotContain(calls, c => c.PublishedAfter is null && c.PublishedBefore is null);
        Assert.Contains(calls, c => c.PublishedBefore is not null && c.PageToken is null);
        await AssertStoredExactlyOnceAsync();
    }

    [Fact]
    public async Task Keys_rotate_from_invalid_to_small_to_large_and_every_video_is_stored()
    {
        await PutKeyAsync("bad-key", new { invalid = true });
        await PutKeyAsync("small-key", new { dailyUnits = 300 });
        await PutKeyAsync("large-key", new { dailyUnits = 100_000 });
        var worker = await StartWorkerAsync(new() { ["YouTube:ApiKeys"] = "bad-key,small-key,large-key" });

        await PublishAsync(400, DateTime.UtcNow.AddMinutes(-10)); // 8 pages: more than the small key's 3 calls
        var results = await RunAsync(worker);
        Assert.True(Assert.Single(results).Completed);

        // Each key is a project of its own: calls go to the project with the most calls left, an invalid key is
        // tried once, and a project YouTube calls exhausted is not tried again today.
        var calls = await EmulatorCall.ListAsync(emulator);
        var (bad, small, large) = (KeyFingerprint.Of("bad-key"), KeyFingerprint.Of("small-key"), KeyFingerprint.Of("large-key"));
        Assert.Equal(1, calls.Count(c => c.Key == bad));
        Assert.True(calls.Count(c => c.Key == small && c.Status == 200) >= 2);
        var smallQuotaError = calls.FindIndex(c => c.Key == small && c.Reason == "quotaExceeded");
        Assert.True(smallQuotaError > 0, "the small key ran out of quota");
        Assert.All(calls.Skip(smallQuotaError + 1), c => Assert.Equal(large, c.Key));
        await AssertStoredExactlyOnceAsync();

        // The next cycle goes straight to the large key.
        await EmulatorCall.ClearAsync(emulator);
        await RunAsync(worker);
        Assert.All(await EmulatorCall.ListAsync(emulator), c => Assert.Equal(large, c.Key));
    }

    [Fact]
    public async Task With_every_key_exhausted_nothing_is_called_until_midnight_pacific_then_fetching_resumes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero)); // 12:00 PST
        await PutKeyAsync("tiny-key", new { dailyUnits = 200 });
        var worker = await StartWorkerAsync(new() { ["YouTube:ApiKeys"] = "tiny-key", ["YouTube:QuotaPacing"] = "false" }, clock);
        await PublishAsync(150, DateTime.UtcNow.AddMinutes(-10)); // 3 pages, the key affords 2 calls

        var first = Assert.Single(await RunAsync(worker));
        Assert.False(first.Completed);
        var status = worker.Get<IngestionStatus>();
        Assert.True(status.AllKeysUnusable);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), status.WaitingForKeysUntil);

        await EmulatorCall.ClearAsync(emulator);
        for (var i = 0; i < 6; i++)
        {
            clock.Advance(TimeSpan.FromHours(1.9)); // up to 07:24 UTC, still before midnight Pacific
            Assert.Empty(await RunAsync(worker, force: false));
        }

        Assert.Empty(await EmulatorCall.ListAsync(emulator));
        await PutKeyAsync("tiny-key", new { dailyUnits = 1_000 }); // enough for the whole backfill tomorrow
        using (var reset = await emulator.SendJsonAsync(HttpMethod.Post, "admin/quota/reset"))
        {
            reset.EnsureSuccessStatusCode();
        }

        clock.Advance(TimeSpan.FromHours(1)); // 08:24 UTC: a new Pacific day
        var resumed = Assert.Single(await RunAsync(worker));
        Assert.True(resumed.Completed);
        Assert.NotEmpty(await EmulatorCall.ListAsync(emulator));
        await AssertStoredExactlyOnceAsync();
    }

    [Fact]
    public async Task A_cycle_with_nothing_new_spends_one_call_and_leaves_the_cache_alone()
    {
        var worker = await StartWorkerAsync();
        await PublishAsync(30, DateTime.UtcNow.AddMinutes(-30));
        await RunAsync(worker);
        var cache = worker.Get<FirstPageCache>();
        var before = await cache.ReadAsync();
        Assert.NotNull(before);
        Assert.Equal(30, before.TotalCount);
        await EmulatorCall.ClearAsync(emulator);

        var result = Assert.Single(await RunAsync(worker));

        // One call for the new videos (the late sweep of the hours before the first read may add one of its own).
        Assert.Equal((true, 0), (result.Completed, result.NewVideos));
        Assert.Single(await EmulatorCall.ListAsync(emulator), c => c.PublishedBefore is null);
        Assert.Equal(before.RefreshedAt, (await cache.ReadAsync())!.RefreshedAt);
    }

    [Fact]
    public async Task Pacing_spreads_the_calls_left_until_the_reset_and_plans_afresh_after_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero)); // 18:00 PST, 6 h to reset
        var worker = await StartWorkerAsync(new() { ["YouTube:ApiKeys"] = "paced-key", ["YouTube:FetchInterval"] = "00:00:10" }, clock);
        await PutKeyAsync("paced-key", new { dailyUnits = 1_000_000 });
        // Ten calls left of today's 100.
        await worker.Get<QuotaLedger>().AddAsync("key-" + KeyFingerprint.Of("paced-key"), PacificTime.Day(clock.GetUtcNow()), 9_000, clock.GetUtcNow().UtcDateTime, Cancel);
        await PublishAsync(10, clock.GetUtcNow().UtcDateTime.AddMinutes(-10));

        var calls = 0;
        for (var minute = 0; minute < (6 * 60) - 10; minute += 5)
        {
            calls += (await RunAsync(worker, force: false)).Sum(r => r.Calls);
            clock.Advance(TimeSpan.FromMinutes(5));
        }

        // The calls lasted until the reset, none was refused, and reads were spread out rather than spent at once.
        var status = worker.Get<IngestionStatus>();
        Assert.InRange(calls, 4, 10);
        Assert.DoesNotContain(await EmulatorCall.ListAsync(emulator), c => c.Reason == "quotaExceeded");

        // Past midnight Pacific: a new day of 100 calls, planned to be spent over the whole day.
        clock.Advance(TimeSpan.FromMinutes(10));
        await RunAsync(worker, force: false);
        Assert.Equal(100, status.Budget!.Projects.Single().CallsPerDay);
        // The plan was made before this tick's read spent its calls: it plans no more than it was given then.
        Assert.InRange(status.Plan!.PlannedCalls, 80, status.Plan.CallsLeft);
        Assert.InRange(status.Plan.CallsLeft, status.Budget.CallsLeft, 100);
        Assert.InRange(status.Queries["football"].Interval, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task Html_escaped_text_is_stored_and_cached_decoded()
    {
        var worker = await StartWorkerAsync();
        await emulator.PublishAsync(new { query = "football", count = 1, title = "Don't & won't", description = "\"quoted\" <tag>", channelTitle = "Tom & Jerry" });

        await RunAsync(worker);

        var stored = Assert.Single(await worker.Get<VideoReader>().PageAsync(new VideoQuery(), Cancel));
        Assert.Equal(("Don't & won't", "\"quoted\" <tag>", "Tom & Jerry"), (stored.Title, stored.Description, stored.ChannelTitle));
        var cached = Assert.Single((await worker.Get<FirstPageCache>().ReadAsync())!.Videos);
        Assert.Equal("Don't & won't", cached.Title);
    }

    private async Task<WorkerHarness> StartWorkerAsync(Dictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var harness = await WorkerHarness.StartAsync(store, emulator.BaseAddress, settings, clock);
        harnesses.Add(harness);
        return harness;
    }

    /// <summary>One tick; <paramref name="force"/> runs it even before the query is due (as "fetch now" does).</summary>
    private static async Task<IReadOnlyList<CycleResult>> RunAsync(WorkerHarness worker, bool force = true)
    {
        var results = await worker.RunAsync(force);
        var status = worker.Get<IngestionStatus>();
        TestContext.Current.SendDiagnosticMessage(
            $"tick: fetcher={status.IsFetcher} usable={status.UsableKeys} callsLeft={status.Budget?.CallsLeft} problem={status.LastProblem} " +
            $"plan=[{string.Join("; ", status.Queries.Values.Select(q => $"{q.Query} every {q.Interval} next {q.NextReadAt:HH:mm:ss} gaps {q.Gaps}"))}] results=[{string.Join("; ", results)}]");
        return results;
    }

    private Task PublishAsync(int count, DateTime newest) =>
        emulator.PublishAsync(new { query = "football", count, publishedAt = newest, spacing = "00:00:01" });

    private async Task PutKeyAsync(string key, object body)
    {
        using var response = await emulator.SendJsonAsync(HttpMethod.Put, $"admin/keys/{key}", body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every video the emulator published is stored exactly once, with its fields.</summary>
    private async Task AssertStoredExactlyOnceAsync()
    {
        var published = (await emulator.GetJsonAsync("admin/videos?query=football")).EnumerateArray()
            .ToDictionary(v => v.GetProperty("videoId").GetString()!, v => v.GetProperty("title").GetString()!);
        var stored = await store.ColumnAsync("SELECT video_id FROM videos");
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Equal(published.Keys.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        var titles = await store.ColumnAsync("SELECT CONCAT(video_id, '|', title) FROM videos");
        Assert.All(titles, row => Assert.Equal(published[row.Split('|')[0]], row[(row.IndexOf('|') + 1)..]));
    }
}
