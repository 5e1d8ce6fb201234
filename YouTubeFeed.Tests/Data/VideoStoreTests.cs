using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Data;

/// <summary>The shared data layer against a real MariaDB and a real Redis.</summary>
[Collection(BackendCollection.Name)]
public sealed class VideoStoreTests(BackendFixture backend) : IAsyncLifetime
{
    private IsolatedStore store = null!;
    private WorkerHarness services = null!;

    public async ValueTask InitializeAsync()
    {
        store = await IsolatedStore.CreateAsync(backend);
        services = await WorkerHarness.StartAsync(store, new Uri("http://127.0.0.1:9/"));
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    [Fact]
    public async Task A_video_round_trips_through_the_database_and_the_cache()
    {
        var video = Videos.Make("rt0000001", "Don't & won't <b>", Videos.Origin, "Ça marche — “quoted”");
        var result = await services.Get<VideoWriter>().UpsertAsync([video], TestContext.Current.CancellationToken);
        Assert.Equal(["rt0000001"], result.InsertedIds);

        var read = await services.Get<VideoReader>().PageAsync(new VideoQuery { Limit = 10 }, TestContext.Current.CancellationToken);
        Assert.Equal(video, Assert.Single(read));
        Assert.Equal(DateTimeKind.Utc, read[0].PublishedAt.Kind);

        var cache = services.Get<FirstPageCache>();
        var written = await cache.RefreshAsync(TestContext.Current.CancellationToken);
        var cached = await cache.ReadAsync();
        Assert.NotNull(cached);
        Assert.Equal(1, cached.TotalCount);
        Assert.Equal(video, Assert.Single(cached.Videos));
        Assert.True(written.Written);
        Assert.Equal(written.Snapshot.RefreshedAt, cached.RefreshedAt);
    }

    [Fact]
    public async Task Thumbnails_named_after_the_video_id_are_stored_empty_and_read_back_whole()
    {
        var cancel = TestContext.Current.CancellationToken;
        var writer = services.Get<VideoWriter>();
        var usual = Videos.Make("thumb0001", "Usual thumbnails", Videos.Origin);
        var live = Videos.Make("thumb0002", "Live thumbnails", Videos.Origin.AddMinutes(1)) with
        {
            ThumbnailDefault = "https://i.ytimg.com/vi/thumb0002/default_live.jpg",
            ThumbnailHigh = "https://i.ytimg.com/vi/OTHERVIDEO/hqdefault.jpg",
        };
        var bare = Videos.Make("thumb0003", "No thumbnails", Videos.Origin.AddMinutes(2)) with
        {
            ThumbnailDefault = "",
            ThumbnailMedium = "",
            ThumbnailHigh = "",
        };
        await writer.UpsertAsync([usual, live, bare], cancel);

        // Stored: nothing for the URLs YouTube derives from the id, the others as they came.
        Assert.Equal(
            "|||https://i.ytimg.com/vi/thumb0002/default_live.jpg||https://i.ytimg.com/vi/OTHERVIDEO/hqdefault.jpg|||",
            await store.ScalarAsync<string>(
                "SELECT GROUP_CONCAT(CONCAT_WS('|', thumbnail_default, thumbnail_medium, thumbnail_high) ORDER BY video_id SEPARATOR '|') FROM videos"));

        // Read: whole URLs again; a missing one is the URL YouTube serves for every video.
        var read = await services.Get<VideoReader>().PageAsync(new VideoQuery { Limit = 10 }, cancel);
        Assert.Equal([bare.VideoId, live.VideoId, usual.VideoId], read.Select(v => v.VideoId));
        Assert.Equal(usual, read[2]);
        Assert.Equal(live, read[1]);
        Assert.Equal(
            ["https://i.ytimg.com/vi/thumb0003/default.jpg", "https://i.ytimg.com/vi/thumb0003/mqdefault.jpg", "https://i.ytimg.com/vi/thumb0003/hqdefault.jpg"],
            new[] { read[0].ThumbnailDefault, read[0].ThumbnailMedium, read[0].ThumbnailHigh });

        // And storing the same videos again is no change (not a rewrite and a new search-index entry each time).
        var again = await writer.UpsertAsync([usual, live, bare], cancel);
        Assert.Equal((0, 0, 3), (again.Inserted, again.Updated, again.Unchanged));
    }

    [Fact]
    public async Task Upserting_the_same_batch_again_changes_nothing_and_duplicates_nothing()
    {
        var writer = services.Get<VideoWriter>();
        var batch = Videos.Series("dup", 50);
        Assert.Equal(50, (await writer.UpsertAsync(batch, TestContext.Current.CancellationToken)).Inserted);

        var again = await writer.UpsertAsync(batch.Concat(batch).ToList(), TestContext.Current.CancellationToken);
        Assert.Equal((0, 0, 50), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal(50, await store.ScalarAsync<long>("SELECT COUNT(*) FROM videos WHERE video_id LIKE 'dup%'"));
    }

    [Fact]
    public async Task A_changed_title_is_updated_and_searchable_by_its_new_words_only()
    {
        var writer = services.Get<VideoWriter>();
        var reader = services.Get<VideoReader>();
        var video = Videos.Make("chg000001", "Original headline", Videos.Origin);
        await writer.UpsertAsync([video], TestContext.Current.CancellationToken);
        var changed = await writer.UpsertAsync([video with { Title = "Renamed story" }], TestContext.Current.CancellationToken);
        Assert.Equal(1, changed.Updated);

        Assert.Empty(await reader.PageAsync(new VideoQuery { Words = ["headline"] }, TestContext.Current.CancellationToken));
        Assert.Equal("Renamed story", Assert.Single(await reader.PageAsync(new VideoQuery { Words = ["renam"] }, TestContext.Current.CancellationToken)).Title);
    }

    [Fact]
    public async Task Video_ids_differing_only_in_case_are_two_videos()
    {
        var result = await services.Get<VideoWriter>().UpsertAsync(
            [Videos.Make("caseAAAAAAA", "one", Videos.Origin), Videos.Make("caseaaaaaaa", "two", Videos.Origin)],
            TestContext.Current.CancellationToken);
        Assert.Equal(2, result.Inserted);
    }
}
