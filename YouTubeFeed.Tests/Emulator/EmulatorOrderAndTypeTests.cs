using System.Net;
using System.Text.Json;

namespace YouTubeFeed.Tests.Emulator;

public sealed class EmulatorOrderAndTypeTests
{
    private const string Key = "test-key";
    private static readonly DateTimeOffset Newest = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Without_order_results_come_by_relevance_not_by_date_and_order_date_is_newest_first()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var published = (await emulator.PublishAsync(new { query = "football", count = 120, publishedAt = Newest, spacing = "00:01:00" }))
            .EnumerateArray().Select(video => video.GetProperty("videoId").GetString()!).ToArray();

        var relevance = (await emulator.WalkAsync(Key, "part=snippet&type=video&q=football&maxResults=50")).Ids();
        var explicitRelevance = (await emulator.WalkAsync(Key, "part=snippet&type=video&order=relevance&q=football&maxResults=50")).Ids();
        var byDate = (await emulator.WalkAsync(Key, "part=snippet&type=video&order=date&q=football&maxResults=50")).Ids();

        Assert.Equal(published, byDate);
        Assert.NotEqual(published, relevance);
        Assert.Equal(published.Order(StringComparer.Ordinal), relevance.Order(StringComparer.Ordinal));
        Assert.Equal(relevance, explicitRelevance);
        // Not merely reversed or rotated: the newest video is rarely first.
        Assert.True(relevance.Take(10).Intersect(published.Take(10)).Count() < 6, "relevance is not date order");
    }

    [Fact]
    public async Task Title_order_is_alphabetical_and_the_other_orders_are_accepted()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        foreach (var title in new[] { "Charlie", "alpha", "Bravo", "delta" })
        {
            await emulator.PublishAsync(new { query = "football", count = 1, publishedAt = Newest, title });
        }

        var byTitle = await emulator.SearchAsync(Key, "part=snippet&type=video&order=title&q=football");
        foreach (var order in new[] { "viewCount", "rating", "videoCount" })
        {
            var reply = await emulator.SearchAsync(Key, $"part=snippet&type=video&order={order}&q=football");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal(4, reply.VideoIds.Count);
        }

        Assert.Equal(
            ["alpha", "Bravo", "Charlie", "delta"],
            byTitle.Json.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("snippet").GetProperty("title").GetString()));
    }

    [Fact]
    public async Task An_unknown_order_is_googles_invalidParameter()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var reply = await emulator.SearchAsync(Key, "part=snippet&order=newest&q=football");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("invalidParameter", reply.Reason);
        Assert.Equal("order", reply.Error.GetProperty("errors")[0].GetProperty("location").GetString());
        Assert.Equal("INVALID_ARGUMENT", reply.Error.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_type_channels_and_playlists_are_mixed_in_and_type_video_keeps_them_out()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profiles.QuietYouTube(21).With("NonVideoShare", "0.10").With("ResultCapMin", "600").With("ResultCapMax", "600"));
        var published = (await emulator.PublishAsync(new { query = "football", count = 300, publishedAt = Newest }))
            .EnumerateArray().Select(video => video.GetProperty("videoId").GetString()!).ToHashSet();

        var mixed = (await emulator.WalkAsync(Key, "part=snippet&order=date&q=football&maxResults=50"))
            .SelectMany(page => page.GetProperty("items").EnumerateArray()).ToArray();
        var videosOnly = (await emulator.WalkAsync(Key, "part=snippet&type=video&order=date&q=football&maxResults=50"))
            .SelectMany(page => page.GetProperty("items").EnumerateArray()).ToArray();
        var channelsOnly = (await emulator.WalkAsync(Key, "part=snippet&type=channel&q=football&maxResults=50"))
            .SelectMany(page => page.GetProperty("items").EnumerateArray()).ToArray();

        var kinds = mixed.GroupBy(Kind).ToDictionary(group => group.Key, group => group.Count());
        Assert.Equal(300, kinds["youtube#video"]);
        Assert.InRange(kinds["youtube#channel"] + kinds["youtube#playlist"], 12, 50);
        Assert.InRange(kinds["youtube#channel"], 1, 25);
        Assert.All(mixed.Where(item => Kind(item) == "youtube#channel"), item =>
        {
            Assert.StartsWith("UC", item.GetProperty("id").GetProperty("channelId").GetString(), StringComparison.Ordinal);
            Assert.False(item.GetProperty("id").TryGetProperty("videoId", out _));
            Assert.False(string.IsNullOrEmpty(item.GetProperty("snippet").GetProperty("title").GetString()));
        });
        Assert.All(mixed.Where(item => Kind(item) == "youtube#playlist"), item =>
        {
            Assert.StartsWith("PL", item.GetProperty("id").GetProperty("playlistId").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(item.GetProperty("snippet").GetProperty("channelId").GetString()));
        });
        Assert.All(videosOnly, item => Assert.Equal("youtube#video", Kind(item)));
        Assert.Equal(published, videosOnly.Select(item => item.GetProperty("id").GetProperty("videoId").GetString()!).ToHashSet());
        Assert.NotEmpty(channelsOnly);
        Assert.All(channelsOnly, item => Assert.Equal("youtube#channel", Kind(item)));
    }

    [Fact]
    public async Task Non_video_results_count_toward_page_sizes()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profiles.QuietYouTube(21).With("NonVideoShare", "0.5"));
        await emulator.PublishAsync(new { query = "football", count = 40, publishedAt = Newest });

        var page = await emulator.SearchAsync(Key, "part=id&q=football&maxResults=20");

        Assert.Equal(20, page.Json.Items());
        Assert.True(page.Json.GetProperty("items").EnumerateArray().Count(item => Kind(item) != "youtube#video") > 3);
        Assert.True(page.Json.GetProperty("pageInfo").GetProperty("totalResults").GetInt32() > 40);
    }

    private static string Kind(JsonElement item) => item.GetProperty("id").GetProperty("kind").GetString()!;
}
