using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace YouTubeFeed.Tests.Emulator;

public sealed class EmulatorDeterminismTests
{
    [Fact]
    public async Task The_same_seed_gives_the_same_answers_and_another_seed_other_ones()
    {
        var first = await RunAsync(seed: 1234);
        var again = await RunAsync(seed: 1234);
        var other = await RunAsync(seed: 4321);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Asking_for_the_same_page_twice_gives_the_same_page()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Behaviour"] = "youtube",
            ["RandomSeed"] = "99",
            ["ErrorShare"] = "0",
            ["RateLimitShare"] = "0",
            ["ShortPageShare"] = "0.5",
            ["EmptyPageShare"] = "0.2",
        });
        await emulator.PublishAsync(new { query = "football", count = 200 });

        string? token = null;
        for (var page = 0; page < 8; page++)
        {
            var query = "part=snippet&q=football&maxResults=20" + (token is null ? "" : "&pageToken=" + token);
            var once = await emulator.SearchAsync("k", query);
            var twice = await emulator.SearchAsync("k", query);
            Assert.Equal(HttpStatusCode.OK, once.Status);
            Assert.Equal(once.Body, twice.Body);
            token = once.Json.Next();
            if (token is null)
            {
                break;
            }
        }
    }

    // A fixed script of calls against the youtube profile with every behaviour on, at raised rates, on a fake
    // clock (the view counts the admin listing shows grow with time).
    private static async Task<List<string>> RunAsync(int seed)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));
        await using var emulator = await RunningEmulator.StartAsync(
            new Dictionary<string, string?>
            {
                ["Behaviour"] = "youtube",
                ["RandomSeed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ErrorShare"] = "0.1",
                ["RateLimitShare"] = "0.1",
                ["LateShare"] = "0.5",
            },
            time);
        await emulator.PublishAsync(new { query = "football", count = 400, publishedAt = "2026-01-01T00:00:00Z", spacing = "00:00:30", indexDelay = "random" });
        var answers = new List<string> { (await emulator.GetJsonAsync("admin/videos?include=all")).GetRawText() };
        foreach (var query in new[] { "part=snippet&q=football&maxResults=50", "part=snippet&order=date&type=video&q=football&maxResults=25" })
        {
            string? token = null;
            for (var call = 0; call < 15; call++)
            {
                var reply = await emulator.SearchAsync("k", query + (token is null ? "" : "&pageToken=" + token));
                answers.Add($"{(int)reply.Status} {reply.Body}");
                if (reply.Status == HttpStatusCode.OK)
                {
                    token = reply.Json.Next();
                    if (token is null)
                    {
                        break;
                    }
                }
            }
        }

        return answers;
    }
}
