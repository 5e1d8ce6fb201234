using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

[Collection(BackendCollection.Name)]
public sealed class PagingTests(BackendFixture backend) : ApiTestBase(backend)
{
    [Fact]
    public async Task Walking_by_cursor_while_new_videos_arrive_returns_each_older_video_exactly_once()
    {
        var older = Videos.Series("old", 95);
        await StoreAsync(older);
        var arrivals = 0;

        var ids = await WalkAsync("", limit: 10, betweenPages: async page =>
        {
            // Newer videos keep arriving at the top while the client pages down.
            await StoreAsync(Videos.Series($"new{page:D2}x", 3, Videos.Origin.AddDays(1 + page)));
            arrivals += 3;
        });

        Assert.Equal(older.Select(v => v.VideoId).Reverse(), ids);
        Assert.True(arrivals >= 30);
    }

    [Fact]
    public async Task Deep_getData_pages_are_contiguous_and_consistent_with_the_cursor_api()
    {
        await StoreAsync(Videos.Series("deep", 230));
        var viaPages = new List<string>();
        for (var page = 1; page <= 12; page++)
        {
            var body = await GetJsonAsync($"/getData?limit=20&pageNo={page}");
            viaPages.AddRange(body.GetProperty("videos").EnumerateArray().Select(v => v.GetProperty("video_id").GetString()!));
        }

        Assert.Equal(await WalkAsync("", limit: 100), viaPages);
        Assert.Equal(230, viaPages.Distinct().Count());
    }
}
