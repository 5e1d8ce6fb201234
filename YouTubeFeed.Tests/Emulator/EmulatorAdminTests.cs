using System.Globalization;
using System.Net;
using System.Text.Json;
using YouTubeFeed.YouTubeEmulator.Quota;

namespace YouTubeFeed.Tests.Emulator;

public sealed class EmulatorAdminTests
{
    [Fact]
    public async Task Published_videos_are_listed_newest_first_and_can_be_deleted()
    {
        var newest = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        // A fake clock: the listing shows view counts, which grow with time.
        await using var emulator = await RunningEmulator.StartAsync(time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(newest.AddDays(1)));
        var created = await emulator.PublishAsync(new
        {
            query = "football",
            count = 3,
            publishedAt = newest,
            spacing = "00:10:00",
            channelId = "UCabcdefghijklmnopqrstuv",
            channelTitle = "Test Channel",
        });
        await emulator.PublishAsync(new { query = "chess", count = 1 });

        var listed = await emulator.GetJsonAsync("admin/videos?query=football");

        Assert.Equal(
            ["2025-06-01T00:00:00Z", "2025-05-31T23:50:00Z", "2025-05-31T23:40:00Z"],
            listed.EnumerateArray().Select(video => video.GetProperty("publishedAt").GetString()));
        Assert.Equal(created.GetRawText(), listed.GetRawText());
        Assert.All(listed.EnumerateArray(), video =>
        {
            Assert.Equal("UCabcdefghijklmnopqrstuv", video.GetProperty("channelId").GetString());
            Assert.Equal("Test Channel", video.GetProperty("channelTitle").GetString());
            Assert.StartsWith("https://i.ytimg.com/vi/", video.GetProperty("thumbnails").GetProperty("high").GetProperty("url").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal(4, (await emulator.GetJsonAsync("admin/videos")).GetArrayLength());

        using (var delete = await emulator.SendJsonAsync(HttpMethod.Delete, "admin/videos"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Equal(0, (await emulator.GetJsonAsync("admin/videos")).GetArrayLength());
    }

    [Fact]
    public async Task A_publish_request_without_a_query_is_refused()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        using var response = await emulator.SendJsonAsync(HttpMethod.Post, "admin/videos", new { count = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Calls_are_recorded_in_order_with_what_was_asked()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new { query = "football", count = 20 });

        var first = await emulator.SearchAsync("k1", "part=snippet&q=football&maxResults=10&publishedAfter=2024-01-02T03:04:05Z");
        var token = first.Json.GetProperty("nextPageToken").GetString()!;
        await emulator.SearchAsync("k1", "part=snippet&q=football&maxResults=10&publishedAfter=2024-01-02T03:04:05Z&pageToken=" + token);
        await emulator.SearchAsync(null, "part=snippet&q=chess");

        var calls = (await emulator.GetJsonAsync("admin/calls")).EnumerateArray().ToArray();
        Assert.Equal(3, calls.Length);
        Assert.Equal(KeyFingerprint.Of("k1"), calls[0].GetProperty("keyFingerprint").GetString());
        Assert.Equal("football", calls[0].GetProperty("query").GetString());
        Assert.Equal(1, calls[0].GetProperty("page").GetInt32());
        Assert.Equal(10, calls[0].GetProperty("maxResults").GetInt32());
        Assert.Equal("2024-01-02T03:04:05Z", calls[0].GetProperty("publishedAfter").GetString());
        Assert.Equal(JsonValueKind.Null, calls[0].GetProperty("publishedBefore").ValueKind);
        Assert.Equal(200, calls[0].GetProperty("status").GetInt32());
        Assert.False(calls[0].TryGetProperty("reason", out _));
        Assert.Equal(token, calls[1].GetProperty("pageToken").GetString());
        Assert.Equal(2, calls[1].GetProperty("page").GetInt32());
        Assert.Equal(JsonValueKind.Null, calls[2].GetProperty("keyFingerprint").ValueKind);
        Assert.Equal(403, calls[2].GetProperty("status").GetInt32());
        Assert.Equal("forbidden", calls[2].GetProperty("reason").GetString());
        var times = calls.Select(call => DateTimeOffset.Parse(call.GetProperty("at").GetString()!, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(times.Order(), times);

        using (var clear = await emulator.SendJsonAsync(HttpMethod.Delete, "admin/calls"))
        {
            Assert.Equal(HttpStatusCode.NoContent, clear.StatusCode);
        }

        Assert.Equal(0, (await emulator.GetJsonAsync("admin/calls")).GetArrayLength());
    }

    [Fact]
    public async Task Reset_returns_to_the_configured_state_without_reseeding()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Keys"] = "configured:500",
            ["SeedVideosPerQuery"] = "5",
        });
        await emulator.SearchAsync("configured", "part=snippet&q=football");
        await emulator.SearchAsync("extra", "part=snippet&q=football");
        (await emulator.SendJsonAsync(HttpMethod.Put, "admin/keys/configured", new { invalid = true })).Dispose();
        await emulator.AddFaultAsync(new { kind = "status" });
        Assert.Equal(5, (await emulator.GetJsonAsync("admin/videos")).GetArrayLength());

        using (var reset = await emulator.SendJsonAsync(HttpMethod.Post, "admin/reset"))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        Assert.Equal(0, (await emulator.GetJsonAsync("admin/videos")).GetArrayLength());
        Assert.Equal(0, (await emulator.GetJsonAsync("admin/calls")).GetArrayLength());
        Assert.Equal(0, (await emulator.GetJsonAsync("admin/faults")).GetArrayLength());
        var key = Assert.Single((await emulator.GetJsonAsync("admin/keys")).EnumerateArray());
        Assert.Equal(KeyFingerprint.Of("configured"), key.GetProperty("fingerprint").GetString());
        Assert.Equal(500, key.GetProperty("dailyUnits").GetInt32());
        Assert.Equal(0, key.GetProperty("spentUnits").GetInt32());
        Assert.False(key.GetProperty("invalid").GetBoolean());
    }

    [Fact]
    public async Task Health_and_liveness_are_served()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        using var health = await emulator.Client.GetAsync("health", TestContext.Current.CancellationToken);
        using var alive = await emulator.Client.GetAsync("alive", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
