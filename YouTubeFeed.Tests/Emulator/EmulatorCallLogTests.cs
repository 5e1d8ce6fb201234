using System.Text.Json;
using YouTubeFeed.YouTubeEmulator.Quota;

namespace YouTubeFeed.Tests.Emulator;

public sealed class EmulatorCallLogTests
{
    [Fact]
    public async Task The_call_log_shows_project_order_type_items_the_returned_token_and_the_oddity()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Projects:main"] = "k1" });
        await emulator.PublishAsync(new { query = "football", count = 25 });
        await emulator.AddFaultAsync(new { kind = "short-page", items = 4, onPage = 2 });

        var first = await emulator.SearchAsync("k1", "part=snippet&type=video&order=date&q=football&maxResults=10");
        var second = await emulator.SearchAsync("k1", "part=snippet&type=video&order=date&q=football&maxResults=10&pageToken=" + first.Json.Next());
        await emulator.SearchAsync("k2", "part=snippet&q=football&maxResults=50");
        await emulator.SearchAsync("k2", "part=snippet&q=football&maxResults=99");

        var calls = (await emulator.GetJsonAsync("admin/calls")).EnumerateArray().ToArray();
        Assert.Equal(["main", "main", KeyFingerprint.Of("k2"), KeyFingerprint.Of("k2")], calls.Select(call => call.GetProperty("project").GetString()));
        Assert.Equal(["date", "date", null, null], calls.Select(call => call.GetProperty("order").GetString()));
        Assert.Equal(["video", "video", null, null], calls.Select(call => call.GetProperty("type").GetString()));
        Assert.Equal([10, 4, 25], calls.Take(3).Select(call => call.GetProperty("items").GetInt32()));
        Assert.Equal(JsonValueKind.Null, calls[3].GetProperty("items").ValueKind);
        Assert.Equal(first.Json.Next(), calls[0].GetProperty("nextPageToken").GetString());
        Assert.Equal(second.Json.Next(), calls[1].GetProperty("nextPageToken").GetString());
        Assert.Equal(JsonValueKind.Null, calls[2].GetProperty("nextPageToken").ValueKind);
        Assert.Equal([null, "short-page", null, null], calls.Select(call => call.GetProperty("oddity").GetString()));
        Assert.Equal([200, 200, 200, 400], calls.Select(call => call.GetProperty("status").GetInt32()));
        Assert.Equal(2, calls[1].GetProperty("page").GetInt32());
    }
}
