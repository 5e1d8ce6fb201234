using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Data;

/// <summary>Deep offset pages through anchors equal plain OFFSET pages, also after new videos arrive on top.</summary>
[Collection(BackendCollection.Name)]
public sealed class OffsetPagerTests(BackendFixture backend) : IAsyncLifetime
{
    private IsolatedStore store = null!;
    private WorkerHarness services = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        store = await IsolatedStore.CreateAsync(backend);
        services = await WorkerHarness.StartAsync(store, new Uri("http://127.0.0.1:9/"));
        foreach (var batch in Videos.Series("off", OffsetPager.Spacing * 2 + 300).Chunk(200))
        {
            await services.Get<VideoWriter>().UpsertAsync(batch, Cancel);
        }
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    [Fact]
    public async Task Anchored_pages_match_plain_offset_pages_before_and_after_new_videos_arrive()
    {
        var pager = services.Get<OffsetPager>();
        var reader = services.Get<VideoReader>();
        long[] offsets = [0, 1_990, OffsetPager.Spacing, OffsetPager.Spacing + 7, OffsetPager.Spacing * 2 - 5, OffsetPager.Spacing * 2 + 250, OffsetPager.Spacing * 2 + 295];

        async Task AssertSameAsync()
        {
            foreach (var offset in offsets)
            {
                var expected = await reader.PageAtOffsetAsync(offset, 20, Cancel);
                Assert.Equal(expected.Select(v => v.VideoId), (await pager.PageAsync(offset, 20, Cancel)).Select(v => v.VideoId));
            }
        }

        await AssertSameAsync(); // takes the anchors
        await AssertSameAsync(); // uses them

        // New videos on top shift every offset; one older than everything lands at the very end.
        await services.Get<VideoWriter>().UpsertAsync(Videos.Series("top", 37, Videos.Origin.AddYears(1)), Cancel);
        await services.Get<VideoWriter>().UpsertAsync([Videos.Make("oldest0001", "old", Videos.Origin.AddYears(-1))], Cancel);
        await AssertSameAsync();
    }
}
