using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using YouTubeFeed.YouTubeEmulator.Search;

namespace YouTubeFeed.Tests.Emulator;

public sealed partial class EmulatorSearchTests
{
    private const string Key = "test-key";
    private static readonly DateTimeOffset Newest = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Paging_through_230_videos_by_50_gives_5_pages_with_every_id_once_newest_first()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var published = await emulator.PublishAsync(new { query = "football", count = 230, publishedAt = Newest, spacing = "00:00:01" });
        Assert.Equal(230, published.GetArrayLength());

        var pages = await emulator.AllPagesAsync(Key, "part=snippet&type=video&order=date&q=football&maxResults=50");

        Assert.Equal([50, 50, 50, 50, 30], pages.Select(page => page.GetProperty("items").GetArrayLength()));
        var items = pages.SelectMany(page => page.GetProperty("items").EnumerateArray()).ToArray();
        var ids = items.Select(item => item.GetProperty("id").GetProperty("videoId").GetString()!).ToArray();
        Assert.Equal(230, ids.Distinct().Count());
        Assert.Equal(published.EnumerateArray().Select(video => video.GetProperty("videoId").GetString()), ids);

        var times = items.Select(item => DateTimeOffset.Parse(item.GetProperty("snippet").GetProperty("publishedAt").GetString()!, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Newest, times[0]);
        Assert.Equal(times.OrderDescending(), times);
        Assert.All(pages, page => Assert.Equal(230, page.GetProperty("pageInfo").GetProperty("totalResults").GetInt32()));
    }

    [Fact]
    public async Task A_page_has_the_shape_of_googles_search_list_response()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new { query = "football", count = 3, publishedAt = Newest });

        var reply = await emulator.SearchAsync(Key, "part=snippet&type=video&order=date&q=football&maxResults=5");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var page = reply.Json;
        Assert.Equal("youtube#searchListResponse", page.GetProperty("kind").GetString());
        Assert.Matches(EtagShape(), page.GetProperty("etag").GetString());
        Assert.Equal("US", page.GetProperty("regionCode").GetString());
        Assert.False(page.TryGetProperty("nextPageToken", out _));
        Assert.Equal(3, page.GetProperty("pageInfo").GetProperty("totalResults").GetInt32());
        Assert.Equal(5, page.GetProperty("pageInfo").GetProperty("resultsPerPage").GetInt32());

        var item = page.GetProperty("items")[0];
        Assert.Equal("youtube#searchResult", item.GetProperty("kind").GetString());
        Assert.Equal("youtube#video", item.GetProperty("id").GetProperty("kind").GetString());
        var id = item.GetProperty("id").GetProperty("videoId").GetString()!;
        Assert.Matches(VideoIdShape(), id);

        var snippet = item.GetProperty("snippet");
        Assert.Equal("2026-03-01T12:00:00Z", snippet.GetProperty("publishedAt").GetString());
        Assert.Equal("2026-03-01T12:00:00Z", snippet.GetProperty("publishTime").GetString());
        Assert.Matches(ChannelIdShape(), snippet.GetProperty("channelId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(snippet.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(snippet.GetProperty("description").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(snippet.GetProperty("channelTitle").GetString()));
        Assert.Equal("none", snippet.GetProperty("liveBroadcastContent").GetString());
        var thumbnails = snippet.GetProperty("thumbnails");
        Assert.Equal($"https://i.ytimg.com/vi/{id}/default.jpg", thumbnails.GetProperty("default").GetProperty("url").GetString());
        Assert.Equal(120, thumbnails.GetProperty("default").GetProperty("width").GetInt32());
        Assert.Equal(90, thumbnails.GetProperty("default").GetProperty("height").GetInt32());
        Assert.Equal($"https://i.ytimg.com/vi/{id}/mqdefault.jpg", thumbnails.GetProperty("medium").GetProperty("url").GetString());
        Assert.Equal(320, thumbnails.GetProperty("medium").GetProperty("width").GetInt32());
        Assert.Equal($"https://i.ytimg.com/vi/{id}/hqdefault.jpg", thumbnails.GetProperty("high").GetProperty("url").GetString());
        Assert.Equal(360, thumbnails.GetProperty("high").GetProperty("height").GetInt32());
    }

    [Fact]
    public async Task PublishedAfter_and_publishedBefore_are_inclusive_bounds()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        // Ten videos, one a minute, from 11:51 to 12:00.
        await emulator.PublishAsync(new { query = "football", count = 10, publishedAt = Newest, spacing = "00:01:00" });

        var after = await emulator.SearchAsync(Key, "part=snippet&q=football&maxResults=50&publishedAfter=2026-03-01T11:57:00Z");
        var between = await emulator.SearchAsync(Key, "part=snippet&order=date&q=football&maxResults=50&publishedAfter=2026-03-01T11:53:00Z&publishedBefore=2026-03-01T11:55:00Z");
        var offset = await emulator.SearchAsync(Key, "part=snippet&q=football&maxResults=50&publishedAfter=" + Uri.EscapeDataString("2026-03-01T12:59:30+01:00"));

        Assert.Equal(4, after.VideoIds.Count);
        Assert.Equal(4, after.Json.GetProperty("pageInfo").GetProperty("totalResults").GetInt32());
        Assert.Equal(
            ["2026-03-01T11:55:00Z", "2026-03-01T11:54:00Z", "2026-03-01T11:53:00Z"],
            between.Json.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("snippet").GetProperty("publishedAt").GetString()));
        Assert.Single(offset.VideoIds);
    }

    [Fact]
    public async Task No_search_reaches_beyond_MaxTotalResults()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new { query = "football", count = 600, publishedAt = Newest });

        var pages = await emulator.AllPagesAsync(Key, "part=snippet&q=football&maxResults=50");

        Assert.Equal(10, pages.Count);
        Assert.Equal(500, pages.SelectMany(page => page.GetProperty("items").EnumerateArray()).Select(item => item.GetProperty("id").GetProperty("videoId").GetString()).Distinct().Count());
        // Like Google's estimate, the total promises more than paging delivers.
        Assert.Equal(600, pages[^1].GetProperty("pageInfo").GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task MaxTotalResults_is_configurable_and_counts_after_the_date_filter()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["MaxTotalResults"] = "7" });
        await emulator.PublishAsync(new { query = "football", count = 20, publishedAt = Newest, spacing = "00:01:00" });

        var pages = await emulator.AllPagesAsync(Key, "part=snippet&order=date&q=football&maxResults=5&publishedBefore=2026-03-01T11:55:00Z");

        Assert.Equal([5, 2], pages.Select(page => page.GetProperty("items").GetArrayLength()));
        Assert.Equal("2026-03-01T11:55:00Z", pages[0].GetProperty("items")[0].GetProperty("snippet").GetProperty("publishedAt").GetString());
    }

    [Fact]
    public async Task Query_matches_its_topic_trimmed_and_ignoring_case()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new { query = "Football", count = 3 });
        await emulator.PublishAsync(new { query = "chess", count = 2 });

        var football = await emulator.SearchAsync(Key, "part=snippet&q=" + Uri.EscapeDataString("  FOOTBALL "));
        var chess = await emulator.SearchAsync(Key, "part=snippet&q=chess");
        var unknown = await emulator.SearchAsync(Key, "part=snippet&q=golf");

        Assert.Equal(3, football.VideoIds.Count);
        Assert.Equal(2, chess.VideoIds.Count);
        Assert.Empty(unknown.VideoIds);
        Assert.Equal(0, unknown.Json.GetProperty("pageInfo").GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task Ties_on_publishedAt_are_ordered_by_videoId_descending()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new { query = "football", count = 30, publishedAt = Newest, spacing = "00:00:00" });

        var ids = (await emulator.AllPagesAsync(Key, "part=snippet&order=date&q=football&maxResults=7"))
            .SelectMany(page => page.GetProperty("items").EnumerateArray())
            .Select(item => item.GetProperty("id").GetProperty("videoId").GetString()!)
            .ToArray();

        Assert.Equal(30, ids.Length);
        Assert.Equal(ids.OrderDescending(StringComparer.Ordinal), ids);
    }

    [Fact]
    public async Task A_video_published_between_two_page_requests_shifts_the_later_page_by_one()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new { query = "football", count = 10, publishedAt = Newest });

        var first = await emulator.SearchAsync(Key, "part=snippet&order=date&q=football&maxResults=5");
        await emulator.PublishAsync(new { query = "football", count = 1, publishedAt = Newest.AddMinutes(1) });
        var token = first.Json.GetProperty("nextPageToken").GetString()!;
        var second = await emulator.SearchAsync(Key, "part=snippet&order=date&q=football&maxResults=5&pageToken=" + token);

        // A duplicate, never a skipped older video.
        Assert.Equal(first.VideoIds[^1], second.VideoIds[0]);
    }

    [Fact]
    public async Task Text_is_html_escaped_on_the_wire_and_raw_in_the_admin_api()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new
        {
            query = "football",
            count = 1,
            title = "Don't & won't",
            description = "Say \"hi\" <now>",
            channelTitle = "Sam's Café",
        });

        var reply = await emulator.SearchAsync(Key, "part=snippet&q=football");
        var admin = await emulator.GetJsonAsync("admin/videos?query=football");

        Assert.Contains("\"title\":\"Don&#39;t &amp; won&#39;t\"", reply.Body, StringComparison.Ordinal);
        Assert.Contains("\"description\":\"Say &quot;hi&quot; &lt;now&gt;\"", reply.Body, StringComparison.Ordinal);
        Assert.Contains("\"channelTitle\":\"Sam&#39;s Café\"", reply.Body, StringComparison.Ordinal);
        Assert.Equal("Don't & won't", admin[0].GetProperty("title").GetString());
        Assert.Equal("Say \"hi\" <now>", admin[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task Without_part_snippet_items_carry_only_ids()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new { query = "football", count = 2 });

        var reply = await emulator.SearchAsync(Key, "part=id&q=football");

        Assert.Equal(2, reply.VideoIds.Count);
        Assert.False(reply.Json.GetProperty("items")[0].TryGetProperty("snippet", out _));
    }

    [Theory]
    [InlineData("q=football", "required", "part")]
    [InlineData("part=snippet,statistics&q=football", "unknownPart", "part")]
    [InlineData("part=snippet&q=football&maxResults=51", "invalidParameter", "maxResults")]
    [InlineData("part=snippet&q=football&maxResults=-1", "invalidParameter", "maxResults")]
    [InlineData("part=snippet&q=football&maxResults=ten", "invalidParameter", "maxResults")]
    [InlineData("part=snippet&q=football&publishedAfter=2024-01-02", "invalidParameter", "publishedAfter")]
    [InlineData("part=snippet&q=football&publishedBefore=2024-01-02T03:04:05", "invalidParameter", "publishedBefore")]
    [InlineData("part=snippet&q=football&pageToken=not-a-token", "invalidPageToken", "pageToken")]
    [InlineData("part=snippet&q=football&pageToken=CDIQAB", "invalidPageToken", "pageToken")]
    public async Task Bad_parameters_get_googles_400(string query, string reason, string location)
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var reply = await emulator.SearchAsync(Key, query);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(400, reply.Error.GetProperty("code").GetInt32());
        Assert.Equal(reason, reply.Reason);
        Assert.Equal(location, reply.Error.GetProperty("errors")[0].GetProperty("location").GetString());
        Assert.Equal("INVALID_ARGUMENT", reply.Error.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_and_maxResults_zero_returns_no_items()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new { query = "football", count = 3 });

        var chain = ChainIdentity.Of("football", SearchOrder.Relevance, ResultTypes.All, null, null, 5);
        var past = await emulator.SearchAsync(Key, "part=snippet&q=football&pageToken=" + PageToken.Encode(new PagePosition(50, 11, chain)));
        var zero = await emulator.SearchAsync(Key, "part=snippet&q=football&maxResults=0");

        Assert.Equal(HttpStatusCode.OK, past.Status);
        Assert.Empty(past.VideoIds);
        Assert.Empty(zero.VideoIds);
        Assert.False(zero.Json.TryGetProperty("nextPageToken", out _));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{11}$")]
    private static partial Regex VideoIdShape();

    [GeneratedRegex("^UC[A-Za-z0-9_-]{22}$")]
    private static partial Regex ChannelIdShape();

    [GeneratedRegex("^[A-Za-z0-9_-]{27}$")]
    private static partial Regex EtagShape();
}
