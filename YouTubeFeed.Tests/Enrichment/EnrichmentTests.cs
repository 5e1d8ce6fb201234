using System.Net;
using System.Text.Json;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Emulator;
using YouTubeFeed.Tests.Infrastructure;
using YouTubeFeed.Worker.Enrichment;

namespace YouTubeFeed.Tests.Enrichment;

/// <summary>The Worker's videos.list enrichment against real MariaDB, real Redis and the emulator over HTTP.</summary>
[Collection(BackendCollection.Name)]
public sealed class EnrichmentTests(BackendFixture backend) : IAsyncLifetime
{
    private IsolatedStore store = null!;
    private RunningEmulator emulator = null!;
    private WorkerHarness? worker;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        store = await IsolatedStore.CreateAsync(backend);
        emulator = await RunningEmulator.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (worker is not null)
        {
            await worker.DisposeAsync();
        }

        await emulator.DisposeAsync();
    }

    [Fact]
    public async Task New_videos_are_enriched_50_a_call_from_the_general_bucket_with_youtubes_details()
    {
        worker = await WorkerHarness.StartAsync(store, emulator.BaseAddress);
        var published = await PublishAsync(120);
        await worker.RunAsync();
        Assert.Equal(120, await store.ScalarAsync<long>("SELECT COUNT(*) FROM videos WHERE enriched_at IS NULL"));
        var searchSpent = await ProjectAsync("spentUnits");

        var round = await worker.Enrichment.RunOnceAsync(Cancel);

        Assert.Equal((true, 3, 120, 0, null), (round.Ran, round.Calls, round.Enriched, round.Gone, round.Problem));
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM videos WHERE enriched_at IS NULL"));
        // One unit a call from the general bucket; the search bucket is untouched, in the emulator and in our ledger.
        Assert.Equal(3, await ProjectAsync("generalSpentUnits"));
        Assert.Equal(searchSpent, await ProjectAsync("spentUnits"));
        Assert.Equal(3, await store.ScalarAsync<long>("SELECT SUM(units_spent) FROM general_quota_usage"));

        var stored = (await worker.Get<VideoReader>().PageAsync(new VideoQuery { Limit = 200 }, Cancel)).ToDictionary(v => v.VideoId);
        foreach (var video in published)
        {
            var details = stored[video.GetProperty("videoId").GetString()!].Details;
            Assert.NotNull(details);
            var expected = video.GetProperty("details");
            Assert.Equal(expected.GetProperty("durationSeconds").GetInt64(), details.DurationSeconds);
            Assert.Equal(expected.GetProperty("definition").GetString(), details.Definition);
            Assert.Equal(details.DurationSeconds is > 0 and <= 180, details.IsShort);
            Assert.True(details.ViewCount >= 0);
        }

        // The cached first page carries the details too.
        var cached = await worker.Get<FirstPageCache>().ReadAsync();
        Assert.NotNull(cached);
        Assert.All(cached.Videos, v => Assert.NotNull(v.Details));

        // Nothing left to do: the next round makes no call.
        worker.AdvanceClock();
        Assert.Equal(0, (await worker.Enrichment.RunOnceAsync(Cancel)).Calls);
    }

    [Fact]
    public async Task A_deleted_video_leaves_the_list_the_search_the_count_and_the_cached_first_page_within_one_round()
    {
        worker = await WorkerHarness.StartAsync(store, emulator.BaseAddress, new Dictionary<string, string?>
        {
            ["Enrichment:RefreshAfter"] = "00:00:00",
        });
        await PublishAsync(10);
        var doomed = (await emulator.PublishAsync(new { query = "football", count = 1, title = "Vanishing zebra highlights" }))[0]
            .GetProperty("videoId").GetString()!;
        await worker.RunAsync();
        await worker.Get<SearchIndexer>().DrainAsync(Cancel);
        await worker.Enrichment.RunOnceAsync(Cancel);
        Assert.Contains(doomed, (await worker.Get<FirstPageCache>().ReadAsync())!.Videos.Select(v => v.VideoId));

        using (var response = await emulator.SendJsonAsync(HttpMethod.Post, $"admin/videos/{doomed}/visibility", new { visibility = "deleted" }))
        {
            response.EnsureSuccessStatusCode();
        }

        worker.AdvanceClock();
        var round = await worker.Enrichment.RunOnceAsync(Cancel);

        Assert.Equal(1, round.Gone);
        Assert.Equal(10, round.Refreshed);
        var reader = worker.Get<VideoReader>();
        Assert.DoesNotContain(doomed, (await reader.PageAsync(new VideoQuery { Limit = 100 }, Cancel)).Select(v => v.VideoId));
        Assert.Empty(await reader.PageAsync(new VideoQuery { Words = SearchTerms.QueryWords("zebra") }, Cancel));
        var cached = await worker.Get<FirstPageCache>().ReadAsync();
        Assert.NotNull(cached);
        Assert.Equal(10, cached.TotalCount);
        Assert.DoesNotContain(doomed, cached.Videos.Select(v => v.VideoId));

        // search.list's index lags: a gone video it still returns is not stored again.
        var again = Videos.Make(doomed, "Vanishing zebra highlights", DateTime.UtcNow.AddMinutes(-1));
        var upsert = await worker.Get<VideoWriter>().UpsertAsync([again], Cancel);
        Assert.Empty(upsert.InsertedIds);
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM videos WHERE video_id = @id", ("@id", doomed)));
    }

    [Fact]
    public async Task A_private_video_is_gone_too_and_a_broadcast_is_stored_with_its_state()
    {
        worker = await WorkerHarness.StartAsync(store, emulator.BaseAddress);
        var ids = (await PublishAsync(3)).Select(v => v.GetProperty("videoId").GetString()!).ToList();
        await worker.RunAsync();
        await SetDetailsAsync(ids[0], new { live = "upcoming", scheduledStartTime = DateTimeOffset.UtcNow.AddHours(2) });
        await SetDetailsAsync(ids[1], new { live = "live" });
        using (var response = await emulator.SendJsonAsync(HttpMethod.Post, $"admin/videos/{ids[2]}/visibility", new { visibility = "private" }))
        {
            response.EnsureSuccessStatusCode();
        }

        var round = await worker.Enrichment.RunOnceAsync(Cancel);

        Assert.Equal((1, 2, 1), (round.Calls, round.Enriched, round.Gone));
        var stored = (await worker.Get<VideoReader>().PageAsync(new VideoQuery(), Cancel)).ToDictionary(v => v.VideoId, v => v.Details!);
        Assert.Equal((LiveState.Upcoming, 0, false), (stored[ids[0]].Live, stored[ids[0]].DurationSeconds, stored[ids[0]].IsShort));
        Assert.NotNull(stored[ids[0]].ScheduledStartAt);
        Assert.Equal(LiveState.Live, stored[ids[1]].Live);
        Assert.NotNull(stored[ids[1]].ActualStartAt);
        Assert.False(stored.ContainsKey(ids[2]));
    }

    [Fact]
    public async Task A_spent_general_bucket_stops_enrichment_but_not_search_and_refreshes_keep_to_their_share()
    {
        worker = await WorkerHarness.StartAsync(store, emulator.BaseAddress, new Dictionary<string, string?>
        {
            ["Enrichment:DailyUnitsPerProject"] = "10",
            ["Enrichment:RefreshShare"] = "0.2",
            ["Enrichment:RefreshAfter"] = "00:00:00",
        });
        await PublishAsync(450);
        await worker.RunAsync();

        // 8 units for new videos (10 less the refresh share of 2): 400 of the 450.
        var first = await worker.Enrichment.RunOnceAsync(Cancel);
        Assert.Equal((8, 400, 0), (first.Calls, first.Enriched, first.Refreshed));

        // The rest of the day: 2 refresh calls, and nothing for the 50 still waiting.
        worker.AdvanceClock();
        var second = await worker.Enrichment.RunOnceAsync(Cancel);
        Assert.Equal((2, 0, 100), (second.Calls, second.Enriched, second.Refreshed));
        worker.AdvanceClock();
        Assert.Equal(0, (await worker.Enrichment.RunOnceAsync(Cancel)).Calls);

        // YouTube's own bucket spent before ours says so: quotaExceeded marks the project's general bucket only.
        using (var response = await emulator.SendJsonAsync(HttpMethod.Put, $"admin/projects/{await ProjectNameAsync()}", new { generalDailyUnits = 0 }))
        {
            response.EnsureSuccessStatusCode();
        }

        await store.ScalarAsync<long>("UPDATE general_quota_usage SET units_spent = 0, refresh_units_spent = 0; SELECT 0");
        worker.AdvanceClock();
        var refused = await worker.Enrichment.RunOnceAsync(Cancel);
        Assert.Equal((1, 0), (refused.Calls, refused.Enriched));
        Assert.Equal(1, await store.ScalarAsync<long>("SELECT COUNT(*) FROM general_quota_usage WHERE exhausted_until IS NOT NULL"));
        worker.AdvanceClock();
        Assert.Equal(0, (await worker.Enrichment.RunOnceAsync(Cancel)).Calls);

        await PublishAsync(5);
        var tick = Assert.Single(await worker.RunAsync());
        Assert.Null(tick.Problem);
        Assert.Equal(5, tick.NewVideos);
    }

    [Fact]
    public async Task Retention_deletes_videos_older_than_its_max_age_and_is_off_by_default()
    {
        // No key: these videos are not on the emulator, and videos.list would call them gone.
        worker = await WorkerHarness.StartAsync(store, emulator.BaseAddress, new Dictionary<string, string?> { ["YouTube:ApiKeys"] = "" });
        var writer = worker.Get<VideoWriter>();
        var now = worker.Clock.GetUtcNow().UtcDateTime;
        await writer.UpsertAsync([Videos.Make("old0000001", "Old", now.AddDays(-40)), Videos.Make("new0000001", "New", now.AddDays(-1))], Cancel);
        Assert.Null(worker.Get<Microsoft.Extensions.Options.IOptions<RetentionOptions>>().Value.MaxAge);
        Assert.Equal(0, (await worker.Enrichment.RunOnceAsync(Cancel)).Deleted);
        await worker.DisposeAsync();

        worker = await WorkerHarness.StartAsync(store, emulator.BaseAddress, new Dictionary<string, string?>
        {
            ["Retention:MaxAge"] = "30.00:00:00",
            ["YouTube:ApiKeys"] = "",
        });
        var round = await worker.Enrichment.RunOnceAsync(Cancel);

        Assert.Equal(1, round.Deleted);
        Assert.Equal(["new0000001"], await store.ColumnAsync("SELECT video_id FROM videos"));
        Assert.Equal(1, (await worker.Get<FirstPageCache>().ReadAsync())!.TotalCount);
    }

    private async Task<List<JsonElement>> PublishAsync(int count) =>
        (await emulator.PublishAsync(new { query = "football", count, publishedAt = DateTime.UtcNow.AddMinutes(-1), spacing = "00:00:01" }))
            .EnumerateArray().ToList();

    private async Task SetDetailsAsync(string videoId, object details)
    {
        using var response = await emulator.SendJsonAsync(HttpMethod.Put, $"admin/videos/{videoId}/details", details);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonElement> TheProjectAsync() =>
        Assert.Single((await emulator.GetJsonAsync("admin/projects")).EnumerateArray(), p => p.GetProperty("keyFingerprints").GetArrayLength() > 0);

    private async Task<string> ProjectNameAsync() => (await TheProjectAsync()).GetProperty("name").GetString()!;

    private async Task<int> ProjectAsync(string field) => (await TheProjectAsync()).GetProperty(field).GetInt32();
}
