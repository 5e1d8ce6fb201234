using System.Globalization;
using System.Net;

namespace YouTubeFeed.Tests.Emulator;

/// <summary>The unkind parts of paging: chains cut below 500, short pages, empty pages with a token, repeated tokens.</summary>
public sealed class EmulatorPagingTests
{
    private const string Key = "test-key";
    private static readonly DateTimeOffset Newest = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_chain_draws_its_own_cap_between_ResultCapMin_and_ResultCapMax()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profiles.QuietYouTube(3));
        await emulator.PublishAsync(new { query = "football", count = 600, publishedAt = Newest });

        var totals = new List<int>();
        for (var chain = 0; chain < 6; chain++)
        {
            // Each publishedAfter is a different chain over the same 600 videos.
            var after = Uri.EscapeDataString(Newest.AddYears(-1).AddSeconds(chain).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            var pages = await emulator.WalkAsync(Key, "part=id&type=video&order=date&q=football&maxResults=50&publishedAfter=" + after);
            totals.Add(pages.Ids().Count);
            Assert.Equal(pages.Ids().Count, pages.Ids().Distinct().Count());
            Assert.All(pages, page => Assert.Equal(600, page.GetProperty("pageInfo").GetProperty("totalResults").GetInt32()));
        }

        Assert.All(totals, total => Assert.InRange(total, 300, 500));
        Assert.True(totals.Distinct().Count() > 1, $"caps {string.Join(", ", totals)}");
        Assert.Contains(totals, total => total < 500);
    }

    [Fact]
    public async Task Configured_caps_bound_every_chain_and_the_last_page_is_logged_as_cut()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["ResultCapMin"] = "20", ["ResultCapMax"] = "40" });
        await emulator.PublishAsync(new { query = "football", count = 100, publishedAt = Newest });

        for (var size = 5; size <= 12; size++)
        {
            var total = (await emulator.WalkAsync(Key, $"part=id&type=video&order=date&q=football&maxResults={size}")).Ids().Count;
            Assert.InRange(total, 20, 40);
        }

        var calls = (await emulator.GetJsonAsync("admin/calls")).EnumerateArray().ToArray();
        Assert.All(calls.Where(call => call.GetProperty("nextPageToken").GetString() is null), call => Assert.Equal("cut", call.GetProperty("oddity").GetString()));
    }

    [Fact]
    public async Task Short_pages_skip_nothing()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profiles.QuietYouTube(5).With("ShortPageShare", "1"));
        var published = (await emulator.PublishAsync(new { query = "football", count = 57, publishedAt = Newest }))
            .EnumerateArray().Select(video => video.GetProperty("videoId").GetString()!).ToArray();

        var pages = await emulator.WalkAsync(Key, Profiles.Search());

        Assert.All(pages.SkipLast(1), page => Assert.InRange(page.Items(), 1, 9));
        Assert.True(pages.Count > 6, $"{pages.Count} pages");
        Assert.Equal(published, pages.Ids());
        var oddities = (await emulator.GetJsonAsync("admin/calls")).EnumerateArray().Select(call => call.GetProperty("oddity").GetString()).ToArray();
        Assert.All(oddities.SkipLast(1), oddity => Assert.Equal("short-page", oddity));
    }

    [Fact]
    public async Task An_empty_page_with_a_token_continues_at_the_same_position()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new { query = "football", count = 30, publishedAt = Newest });
        var expected = (await emulator.WalkAsync(Key, Profiles.Search())).Ids();
        await emulator.AddFaultAsync(new { kind = "empty-page-with-token", onPage = 2 });

        var first = await emulator.SearchAsync(Key, Profiles.Search());
        var empty = await emulator.SearchAsync(Key, Profiles.Search("&pageToken=" + first.Json.Next()));
        var third = await emulator.SearchAsync(Key, Profiles.Search("&pageToken=" + empty.Json.Next()));

        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Empty(empty.VideoIds);
        Assert.NotNull(empty.Json.Next());
        Assert.NotEqual(first.Json.Next(), empty.Json.Next());
        Assert.Equal(expected.Skip(10).Take(10), third.VideoIds);
    }

    [Fact]
    public async Task Random_empty_pages_still_deliver_every_video_once()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profiles.QuietYouTube(9).With("EmptyPageShare", "0.4"));
        var published = (await emulator.PublishAsync(new { query = "football", count = 120, publishedAt = Newest }))
            .EnumerateArray().Select(video => video.GetProperty("videoId").GetString()!).ToArray();

        var pages = await emulator.WalkAsync(Key, Profiles.Search());

        Assert.Contains(pages, page => page.Items() == 0 && page.Next() is not null);
        Assert.Equal(published, pages.Ids());
    }

    [Fact]
    public async Task A_repeated_token_gives_the_same_page_again_for_ever()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profiles.QuietYouTube(4).With("RepeatedTokenShare", "1"));
        await emulator.PublishAsync(new { query = "football", count = 40, publishedAt = Newest });

        var first = await emulator.SearchAsync(Key, Profiles.Search());
        var token = first.Json.Next()!;
        var again = await emulator.SearchAsync(Key, Profiles.Search("&pageToken=" + token));
        var yetAgain = await emulator.SearchAsync(Key, Profiles.Search("&pageToken=" + again.Json.Next()));

        Assert.Equal(first.VideoIds, again.VideoIds);
        Assert.Equal(token, again.Json.Next());
        Assert.Equal(token, yetAgain.Json.Next());
        Assert.Equal(first.VideoIds, yetAgain.VideoIds);
        var calls = (await emulator.GetJsonAsync("admin/calls")).EnumerateArray().ToArray();
        Assert.All(calls, call => Assert.Equal("repeated-token", call.GetProperty("oddity").GetString()));
        Assert.All(calls, call => Assert.Equal(1, call.GetProperty("page").GetInt32()));
    }

    [Fact]
    public async Task A_repeated_token_fault_returns_the_token_that_asked_for_the_page()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new { query = "football", count = 40, publishedAt = Newest });
        await emulator.AddFaultAsync(new { kind = "repeated-token", onPage = 2 });

        var first = await emulator.SearchAsync(Key, Profiles.Search());
        var token = first.Json.Next()!;
        var second = await emulator.SearchAsync(Key, Profiles.Search("&pageToken=" + token));
        var repeat = await emulator.SearchAsync(Key, Profiles.Search("&pageToken=" + second.Json.Next()));

        Assert.Equal(token, second.Json.Next());
        Assert.Equal(second.VideoIds, repeat.VideoIds);
        Assert.Equal("repeated-token", (await emulator.GetJsonAsync("admin/calls"))[1].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Short_page_and_cut_chain_faults_shape_one_page()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new { query = "football", count = 40, publishedAt = Newest });
        var expected = (await emulator.WalkAsync(Key, Profiles.Search())).Ids();
        await emulator.AddFaultAsync(new { kind = "short-page", items = 3, onPage = 1 });
        await emulator.AddFaultAsync(new { kind = "cut-chain", onPage = 2 });

        var shortPage = await emulator.SearchAsync(Key, Profiles.Search());
        var cut = await emulator.SearchAsync(Key, Profiles.Search("&pageToken=" + shortPage.Json.Next()));

        Assert.Equal(expected.Take(3), shortPage.VideoIds);
        Assert.Equal(expected.Skip(3).Take(10), cut.VideoIds);
        Assert.Null(cut.Json.Next());
        var calls = (await emulator.GetJsonAsync("admin/calls")).EnumerateArray().Skip(4).ToArray();
        Assert.Equal(["short-page", "cut"], calls.Select(call => call.GetProperty("oddity").GetString()));
        Assert.Equal(["short-page", "cut-chain"], calls.Select(call => call.GetProperty("reason").GetString()));
    }

    [Theory]
    [InlineData("&q=chess")]
    [InlineData("&maxResults=11")]
    [InlineData("&order=relevance")]
    [InlineData("&type=channel")]
    [InlineData("&publishedBefore=2026-03-01T12:00:00Z")]
    public async Task A_token_sent_with_other_parameters_is_an_invalid_page_token(string changed)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new { query = "football", count = 30, publishedAt = Newest });
        var token = (await emulator.SearchAsync(Key, Profiles.Search())).Json.Next();

        // The same search with one parameter changed.
        var query = string.Join('&', Profiles.Search().Split('&').Where(pair => !changed.Contains(pair.Split('=')[0] + "=", StringComparison.Ordinal))) + changed;
        var reply = await emulator.SearchAsync(Key, query + "&pageToken=" + token);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("invalidPageToken", reply.Reason);
    }
}
