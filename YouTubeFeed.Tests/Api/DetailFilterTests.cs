using System.Net;
using System.Text.Json;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

/// <summary>
/// <c>/api/videos</c>'s filters and order on what videos.list told (duration, Shorts, broadcasts, views), over
/// real HTTP against real MariaDB: each filter, the views order walked page by page, the new fields, and the 400s.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class DetailFilterTests(BackendFixture backend) : ApiTestBase(backend)
{
    // id → (seconds, views, live); null: not enriched yet. Published one minute apart in this order, newest last.
    private static readonly (string Id, int Seconds, long Views, LiveState Live)?[] s_videos =
    [
        ("short00045s", 45, 100, LiveState.None),
        ("short00180s", 180, 7_000, LiveState.None),
        ("medium0240s", 240, 5_000, LiveState.None),
        ("medium0300s", 300, 5_000, LiveState.None),
        ("medium1200s", 1_200, 300, LiveState.None),
        ("long001201s", 1_201, 20_000, LiveState.None),
        ("long005400s", 5_400, 1_000_000, LiveState.None),
        ("broadcastLV", 0, 10, LiveState.Live),
        ("broadcastUP", 0, 0, LiveState.Upcoming),
        ("broadcastEN", 3_600, 800, LiveState.Ended),
        null,
    ];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var videos = s_videos.Select((v, i) => Videos.Make(v?.Id ?? "notenriched", $"Match video {i}", Videos.Origin.AddMinutes(i))).ToList();
        await StoreAsync(videos);
        var now = DateTime.UtcNow;
        await Data.Get<VideoDetailsStore>().ApplyAsync(
            [.. s_videos.OfType<(string Id, int Seconds, long Views, LiveState Live)>().Select(v => (v.Id, new VideoDetails(
                v.Seconds, v.Views, v.Views / 10, v.Views / 100, now, v.Live, null, v.Live is LiveState.Live or LiveState.Ended ? now.AddHours(-2) : null,
                v.Live == LiveState.Ended ? now.AddHours(-1) : null, "hd", VideoDetails.IsShortRule(v.Seconds, v.Live), now)))],
            Cancel);
        await Data.Get<YouTubeFeed.Data.Caching.FirstPageCache>().RefreshAsync(Cancel);
    }

    [Theory]
    [InlineData("duration=short", "short00045s,short00180s")]
    [InlineData("duration=medium", "medium0240s,medium0300s,medium1200s")]
    [InlineData("duration=long", "long001201s,long005400s,broadcastEN")]
    [InlineData("minDuration=PT4M1S&maxDuration=PT20M", "medium0300s,medium1200s")]
    [InlineData("minDuration=PT1H", "long005400s,broadcastEN")]
    [InlineData("maxDuration=PT3M", "short00045s,short00180s,broadcastLV,broadcastUP")]
    [InlineData("shorts=only", "short00045s,short00180s")]
    [InlineData("shorts=exclude&live=exclude", "medium0240s,medium0300s,medium1200s,long001201s,long005400s,broadcastEN,notenriched")]
    [InlineData("live=only", "broadcastLV")]
    [InlineData("live=upcoming", "broadcastUP")]
    [InlineData("live=exclude&duration=long&order=asc", "long001201s,long005400s,broadcastEN")]
    public async Task Each_filter_keeps_exactly_its_videos_on_every_page(string filter, string expected)
    {
        var order = filter.Contains("order=asc", StringComparison.Ordinal) ? 1 : -1;
        var wanted = expected.Split(',').OrderBy(id => order * Array.FindIndex(s_videos, v => (v?.Id ?? "notenriched") == id)).ToList();

        // Pages of 2 follow the cursor through the filtered list; searching adds the text filter on top.
        Assert.Equal(wanted, await WalkAsync("&" + filter, 2));
        Assert.Equal(wanted, await WalkAsync("&q=match&" + filter, 2));
    }

    [Fact]
    public async Task Most_viewed_first_is_keyset_paged_with_ties_broken_by_id_and_unread_counts_last()
    {
        var expected = new[]
        {
            "long005400s", "long001201s", "short00180s", "medium0300s", "medium0240s", "broadcastEN", "medium1200s",
            "short00045s", "broadcastLV", "notenriched", "broadcastUP",
        };

        Assert.Equal(expected, await WalkAsync("&order=views", 3));
        Assert.Equal(expected.Where(id => !id.StartsWith("broadcast", StringComparison.Ordinal) || id == "broadcastEN"),
            await WalkAsync("&order=views&live=exclude", 2));
        // A cursor of the views order is not one of the date order.
        var first = await GetJsonAsync("/api/videos?limit=2&order=views");
        using var refused = await Http.GetAsync($"/api/videos?limit=2&cursor={first.GetProperty("nextCursor").GetString()}", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Items_carry_the_details_and_the_plain_list_its_total()
    {
        var body = await GetJsonAsync("/api/videos?limit=20");
        Assert.Equal(11, body.GetProperty("totalCount").GetInt64());
        var items = body.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("videoId").GetString()!);

        var medium = items["medium0300s"];
        Assert.Equal("PT5M", medium.GetProperty("duration").GetString());
        Assert.Equal(300, medium.GetProperty("durationSeconds").GetInt32());
        Assert.Equal(5_000, medium.GetProperty("viewCount").GetInt64());
        Assert.Equal(500, medium.GetProperty("likeCount").GetInt64());
        Assert.Equal(50, medium.GetProperty("commentCount").GetInt64());
        Assert.Equal("none", medium.GetProperty("live").GetString());
        Assert.Equal("hd", medium.GetProperty("definition").GetString());
        Assert.False(medium.GetProperty("isShort").GetBoolean());
        Assert.Equal(JsonValueKind.String, medium.GetProperty("statisticsReadAt").ValueKind);

        Assert.Equal("P0D", items["broadcastLV"].GetProperty("duration").GetString());
        Assert.Equal("live", items["broadcastLV"].GetProperty("live").GetString());
        Assert.Equal(JsonValueKind.String, items["broadcastLV"].GetProperty("actualStartTime").ValueKind);
        Assert.Equal("ended", items["broadcastEN"].GetProperty("live").GetString());
        Assert.Equal("PT1H", items["broadcastEN"].GetProperty("duration").GetString());
        Assert.True(items["short00180s"].GetProperty("isShort").GetBoolean());

        var unread = items["notenriched"];
        foreach (var field in new[] { "duration", "durationSeconds", "viewCount", "live", "isShort", "statisticsReadAt" })
        {
            Assert.Equal(JsonValueKind.Null, unread.GetProperty(field).ValueKind);
        }

        // Filtered, the total is not counted.
        Assert.False((await GetJsonAsync("/api/videos?shorts=exclude")).TryGetProperty("totalCount", out _));
    }

    [Theory]
    [InlineData("duration=tiny", "duration", "short, medium, long")]
    [InlineData("shorts=EXCLUDE", "shorts", "exclude, only")]
    [InlineData("live=yes", "live", "exclude, only, upcoming")]
    [InlineData("minDuration=5m", "minDuration", "ISO 8601 duration")]
    [InlineData("maxDuration=P1M", "maxDuration", "ISO 8601 duration")]
    [InlineData("minDuration=PT", "minDuration", "ISO 8601 duration")]
    [InlineData("duration=short&minDuration=PT1M", "duration", "not both")]
    [InlineData("minDuration=PT10M&maxDuration=PT5M", "maxDuration", "not shorter than minDuration")]
    [InlineData("order=views&q=match", "order", "cannot be combined with q")]
    [InlineData("order=popular", "order", "views (most viewed first)")]
    public async Task Bad_values_answer_400_problems_naming_the_parameter(string query, string parameter, string message)
    {
        using var response = await Http.GetAsync($"/api/videos?{query}", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
        var errors = problem.GetProperty("errors").GetProperty(parameter).EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
    }
}
