using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Data;

/// <summary>The enrichment's store (details, gone videos, retention deletes) against a real MariaDB and Redis.</summary>
[Collection(BackendCollection.Name)]
public sealed class VideoDetailsStoreTests(BackendFixture backend) : IAsyncLifetime
{
    private IsolatedStore store = null!;
    private WorkerHarness services = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private VideoDetailsStore Details => services.Get<VideoDetailsStore>();

    public async ValueTask InitializeAsync()
    {
        store = await IsolatedStore.CreateAsync(backend);
        services = await WorkerHarness.StartAsync(store, new Uri("http://127.0.0.1:9/"));
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    [Fact]
    public async Task Details_round_trip_and_a_new_video_waits_for_them_newest_stored_first()
    {
        await services.StoreAsync(Videos.Series("det", 3));
        await services.StoreAsync([Videos.Make("det_late01", "Late", Videos.Origin.AddDays(-1))]);
        Assert.Equal(["det_late01"], (await Details.PendingAsync(1, Cancel)).ToList());
        Assert.Equal(4, (await Details.PendingAsync(50, Cancel)).Count);

        var read = new DateTime(2026, 11, 2, 3, 4, 5, DateTimeKind.Utc);
        var live = new VideoDetails(0, 12, null, 3, read, LiveState.Live, read.AddHours(-1), read.AddMinutes(-30), null, "hd", false, read);
        var upload = new VideoDetails(4 * 60 + 13, 1_234, 56, 7, read, LiveState.None, null, null, null, "sd", false, read);
        Assert.Equal(2, await Details.ApplyAsync([("det000000", live), ("det000001", upload)], Cancel));

        var stored = (await services.Get<VideoReader>().PageAsync(new VideoQuery(), Cancel)).ToDictionary(v => v.VideoId);
        Assert.Equal(live, stored["det000000"].Details);
        Assert.Equal(upload, stored["det000001"].Details);
        Assert.Null(stored["det000002"].Details);
        Assert.Equal(["det000002", "det_late01"], (await Details.PendingAsync(50, Cancel)).Order(StringComparer.Ordinal));

        // Stale: enriched, published since the bound, read before the other bound.
        Assert.Equal(["det000000", "det000001"], (await Details.StaleAsync(Videos.Origin, read.AddSeconds(1), 50, Cancel)).Order(StringComparer.Ordinal));
        Assert.Empty(await Details.StaleAsync(Videos.Origin, read, 50, Cancel));

        // Storing the video again from search.list keeps its details and does not queue it for new terms.
        var again = await services.Get<VideoWriter>().UpsertAsync(Videos.Series("det", 2), Cancel);
        Assert.Equal(2, again.Unchanged);
        Assert.Equal(upload, (await services.Get<VideoReader>().PageAsync(new VideoQuery(), Cancel)).Single(v => v.VideoId == "det000001").Details);
    }

    [Fact]
    public async Task A_gone_video_leaves_list_search_count_and_cache_and_is_not_stored_again()
    {
        await services.StoreAsync([.. Videos.Series("gone", 4), Videos.Make("gonezebra", "Zebra crossing", Videos.Origin.AddHours(1))]);
        var cache = services.Get<FirstPageCache>();
        Assert.Equal(5, (await cache.ReadAsync())!.TotalCount);

        Assert.Equal(1, await Details.MarkGoneAsync(["gonezebra", "neverstored"], DateTime.UtcNow, Cancel));
        await cache.RefreshAsync(Cancel);

        var reader = services.Get<VideoReader>();
        Assert.DoesNotContain("gonezebra", (await reader.PageAsync(new VideoQuery(), Cancel)).Select(v => v.VideoId));
        Assert.Empty(await reader.PageAsync(new VideoQuery { Words = SearchTerms.QueryWords("zebra") }, Cancel));
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM video_terms WHERE video_id = 'gonezebra'"));
        var cached = await cache.ReadAsync();
        Assert.Equal(4, cached!.TotalCount);
        Assert.DoesNotContain("gonezebra", cached.Videos.Select(v => v.VideoId));
        Assert.Equal(2, await store.ScalarAsync<long>("SELECT COUNT(*) FROM gone_videos"));

        var upsert = await services.Get<VideoWriter>().UpsertAsync([Videos.Make("gonezebra", "Zebra crossing", Videos.Origin.AddHours(1))], Cancel);
        Assert.Empty(upsert.InsertedIds);
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM videos WHERE video_id = 'gonezebra'"));
    }

    [Fact]
    public async Task Deleting_a_video_removes_the_term_rows_of_every_version_in_the_index_and_no_others()
    {
        // Indexed, then changed (re-queued with the indexed version's terms, not indexed again); and one never indexed.
        await services.StoreAsync([Videos.Make("changed001", "Walrus ballet", Videos.Origin.AddHours(1)), Videos.Make("stays00001", "Walrus opera", Videos.Origin.AddHours(2))]);
        await services.StoreAsync([Videos.Make("changed001", "Penguin tango", Videos.Origin.AddHours(3))], index: false);
        await services.StoreAsync([Videos.Make("queued0001", "Walrus tango", Videos.Origin.AddHours(4))], index: false);
        Assert.Equal(2, await store.ScalarAsync<long>("SELECT COUNT(*) FROM video_terms WHERE video_id = 'changed001'"));

        Assert.Equal(2, await Details.DeleteAsync(["changed001", "queued0001"], Cancel));

        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM video_terms WHERE video_id IN ('changed001', 'queued0001')"));
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM search_backlog"));
        // The one never indexed is still named in its writer's batch row: the indexer finds no video, and writes nothing.
        Assert.Equal(1, await services.Get<SearchIndexer>().DrainAsync(Cancel));
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM video_terms WHERE video_id IN ('changed001', 'queued0001')"));
        Assert.Equal(["opera", "walrus"], (await store.ColumnAsync("SELECT term FROM video_terms WHERE video_id = 'stays00001'")).Order(StringComparer.Ordinal));
        Assert.Equal(["stays00001"], (await services.Get<VideoReader>().PageAsync(new VideoQuery { Words = SearchTerms.QueryWords("walrus") }, Cancel)).Select(v => v.VideoId));
    }

    [Fact]
    public async Task A_gone_video_whose_text_has_no_indexed_word_is_deleted_too()
    {
        await services.StoreAsync([Videos.Make("emoji00001", "🔥🔥 !!", Videos.Origin), Videos.Make("common0001", "The", Videos.Origin.AddHours(1))]);

        Assert.Equal(2, await Details.MarkGoneAsync(["emoji00001", "common0001"], DateTime.UtcNow, Cancel));

        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"));
        Assert.Equal(2, await store.ScalarAsync<long>("SELECT COUNT(*) FROM gone_videos"));
    }

    [Fact]
    public async Task Retention_deletes_old_videos_without_a_tombstone()
    {
        await services.StoreAsync([.. Videos.Series("keep", 2), Videos.Make("old0000001", "Old", Videos.Origin.AddDays(-60))]);

        var old = await Details.OlderThanAsync(Videos.Origin.AddDays(-30), 100, Cancel);
        Assert.Equal(["old0000001"], old);
        Assert.Equal(1, await Details.DeleteAsync(old, Cancel));

        Assert.Equal(["keep000000", "keep000001"], (await store.ColumnAsync("SELECT video_id FROM videos")).Order(StringComparer.Ordinal));
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM gone_videos"));
        Assert.Equal(0, await store.ScalarAsync<long>("SELECT COUNT(*) FROM video_terms WHERE video_id = 'old0000001'"));
    }
}
