using YouTubeFeed.Data.Videos;
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

    [Theory]
    [InlineData(150, 10)]
    [InlineData(2_150, 100)] // past OffsetPager.Spacing: the deep pages walk from anchors
    public async Task GetData_pages_continue_page_one_exactly_and_keep_its_count_while_videos_arrive(int count, int limit)
    {
        var stored = Videos.Series("gd", count);
        await StoreAsync(stored, index: false);
        var writer = Data.Get<VideoWriter>();
        var pages = (count + limit - 1) / limit;

        var ids = new List<string>();
        for (var page = 1; page <= pages; page++)
        {
            var body = await GetJsonAsync($"/getData?limit={limit}&pageNo={page}");
            Assert.Equal(count, body.GetProperty("totalCount").GetInt64());
            Assert.Equal(pages, body.GetProperty("totalPages").GetInt64());
            ids.AddRange(body.GetProperty("videos").EnumerateArray().Select(v => v.GetProperty("video_id").GetString()!));

            // Between two requests the Worker stores two videos on top and one that YouTube listed late, in the middle
            // of what is left to read; the first page in Redis stays the one these pages continue.
            var lateAt = Videos.Origin.AddMinutes(Math.Max(0, count - (page * limit) - (limit / 2))).AddSeconds(30);
            await writer.UpsertAsync(
                [
                    Videos.Make($"top{page:D3}a", "Arrived on top", Videos.Origin.AddDays(1 + page)),
                    Videos.Make($"top{page:D3}b", "Arrived on top", Videos.Origin.AddDays(1 + page).AddSeconds(1)),
                    Videos.Make($"late{page:D3}", "Listed late", lateAt),
                ],
                Cancel);
        }

        Assert.Equal(stored.Select(v => v.VideoId).Reverse(), ids);
    }
}
