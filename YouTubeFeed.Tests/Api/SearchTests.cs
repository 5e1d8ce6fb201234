using System.Text.Json;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

/// <summary>The FamPay "partial match" search over real HTTP and a real MariaDB with default settings.</summary>
[Collection(BackendCollection.Name)]
public sealed class SearchTests(BackendFixture backend) : ApiTestBase(backend)
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var t = Videos.Origin;
        await StoreAsync([
            Videos.Make("s1", "How to tie a tie", t.AddMinutes(1)),
            Videos.Make("s2", "Football highlights: Madrid vs Porto", t.AddMinutes(2), "All goals of the match"),
            Videos.Make("s3", "Porto training session", t.AddMinutes(3), "Before the football season"),
            Videos.Make("s4", "Café Crème — Pokémon édition", t.AddMinutes(4)),
            Videos.Make("s5", "The best of the best", t.AddMinutes(5), "a to z"),
            Videos.Make("s6", "Unrelated cooking", t.AddMinutes(6), "pasta recipe"),
            .. Enumerable.Range(0, 30).Select(i => Videos.Make($"p{i:D3}", $"Paging football clip {i}", t.AddMinutes(10 + i))),
        ]);
    }

    [Fact]
    public async Task Words_match_in_any_order_newest_first()
    {
        Assert.Equal(["s3", "s2"], await SearchIdsAsync("porto football"));
        Assert.Equal(["s3", "s2"], await SearchIdsAsync("football porto"));
    }

    [Fact]
    public async Task Each_word_also_matches_as_a_prefix_in_title_or_description()
    {
        Assert.Equal(["s2"], await SearchIdsAsync("highl mad"));
        Assert.Equal(["s2"], await SearchIdsAsync("goal"));
        Assert.Equal(["s6"], await SearchIdsAsync("recip"));
    }

    [Fact]
    public async Task Case_and_accents_are_ignored_both_ways()
    {
        Assert.Equal(["s4"], await SearchIdsAsync("CAFE creme pokemon"));
        Assert.Equal(["s4"], await SearchIdsAsync("café ÉDITION"));
    }

    [Fact]
    public async Task Common_and_short_words_count_like_any_other()
    {
        Assert.Equal(["s1"], await SearchIdsAsync("how to"));
        Assert.Equal(["s5", "s1"], await SearchIdsAsync("to"));
        Assert.Equal(["s5"], await SearchIdsAsync("the best of"));
        Assert.Equal(["s5", "s2", "s1"], await SearchIdsAsync("a")); // "a", "All goals", "a tie"
    }

    [Fact]
    public async Task Partial_words_in_any_order_with_the_commonest_words_among_them()
    {
        await StoreAsync([Videos.Make("tea01", "How to make tea?", Videos.Origin.AddMinutes(7))]);
        Assert.Equal(["tea01"], await SearchIdsAsync("tea how"));
        Assert.Equal(["tea01", "s1"], await SearchIdsAsync("how to"));
        Assert.Equal(["tea01"], await SearchIdsAsync("ma TE"));
        Assert.Equal(["tea01"], await SearchIdsAsync("to make"));
        Assert.Equal(["s5", "s3", "s2"], await SearchIdsAsync("the")); // "The best", "the football season", "the match"
    }

    [Fact]
    public async Task A_video_is_found_the_moment_it_is_stored_before_its_terms_are_written()
    {
        await StoreAsync([Videos.Make("fresh01", "Porto football derby tonight", Videos.Origin.AddHours(1))], index: false);
        Assert.Equal(1, await Store.ScalarAsync<long>("SELECT COUNT(*) FROM search_backlog_batches WHERE video_ids LIKE '%fresh01%'"));

        Assert.Equal(["fresh01", "s3", "s2"], await SearchIdsAsync("porto football"));
        Assert.Equal(["fresh01"], await SearchIdsAsync("derb"));
    }

    [Fact]
    public async Task No_match_is_an_empty_page()
    {
        Assert.Empty(await SearchIdsAsync("zzzz"));
        Assert.Empty(await SearchIdsAsync("porto cooking"));
    }

    [Fact]
    public async Task Search_results_page_by_cursor_without_repeats()
    {
        var ids = await WalkAsync("&q=football", limit: 7);
        Assert.Equal(32, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal([.. Enumerable.Range(0, 30).Reverse().Select(i => $"p{i:D3}"), "s3", "s2"], ids);
    }

    [Fact]
    public async Task Oldest_first_and_filters_narrow_the_list()
    {
        Assert.Equal(["s2", "s3"], (await WalkAsync("&q=porto&order=asc", limit: 1)));
        var after = Uri.EscapeDataString("2026-11-01T00:03:00Z");
        var before = Uri.EscapeDataString("2026-11-01T00:05:00Z");
        Assert.Equal(["s4", "s3"], await WalkAsync($"&publishedAfter={after}&publishedBefore={before}", limit: 10));
        Assert.Equal(["s4"], await WalkAsync($"&q=pok&publishedAfter={after}", limit: 10));
    }

    [Fact]
    public async Task A_page_that_is_complete_has_no_partial_flag()
    {
        var page = await GetJsonAsync("/api/videos?limit=5&q=football");
        Assert.False(page.TryGetProperty("partial", out _));
        Assert.Equal(JsonValueKind.String, page.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task A_search_that_walks_its_budget_says_partial_and_its_cursor_continues_the_search()
    {
        // Two words in 1,100 videos each that never occur together, but for the oldest video.
        var t = Videos.Origin.AddDays(1);
        var each = VideoReader.SearchWalkBudget + 100;
        await StoreAsync([
            Videos.Make("both01", "Zephyr and obsidian", t),
            .. Enumerable.Range(1, 2 * each).Select(i => Videos.Make($"dj{i:D5}", i % 2 == 0 ? "Zephyr clip" : "Obsidian clip", t.AddSeconds(i))),
        ]);

        var first = await GetJsonAsync("/api/videos?limit=20&q=zephyr%20obsidian");
        Assert.True(first.GetProperty("partial").GetBoolean());
        Assert.Empty(first.GetProperty("items").EnumerateArray());
        var cursor = first.GetProperty("nextCursor").GetString();
        Assert.NotNull(cursor);

        var second = await GetJsonAsync($"/api/videos?limit=20&q=zephyr%20obsidian&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal(["both01"], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("videoId").GetString()));
        Assert.False(second.TryGetProperty("partial", out _));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        Assert.Equal(["both01"], await WalkAsync("&q=obsidian%20zephyr", limit: 20));
    }

    [Fact]
    public async Task The_search_statements_walk_the_term_index_and_join_videos_by_key()
    {
        // Two words of about as many videos: the driver's budget of rows and the other word's rows over the same span
        // are read side by side, index only (ranges of the (term, published_at, video_id) key), then the matches'
        // videos by primary key.
        var (page, statements) = await Data.Get<VideoReader>().TraceSearchAsync(new VideoQuery { Words = ["football", "clip"], Limit = 21 }, Cancel);
        Assert.Equal(21, page.Videos.Count);
        var driver = statements.Single(s => s.Label.StartsWith("search driver rows", StringComparison.Ordinal));
        var lookup = statements.Single(s => s.Label.StartsWith("search lookup range", StringComparison.Ordinal));
        var videos = statements.Single(s => s.Label.StartsWith("search page", StringComparison.Ordinal));
        foreach (var (statement, table) in new[] { (driver, "d"), (lookup, "x") })
        {
            var row = Assert.Single(await Store.ExplainAsync(Inline(statement)));
            Assert.Equal((table, "PRIMARY"), (row["table"], row["key"]));
            Assert.Contains(row["type"], new[] { "ref", "range" });
            Assert.Contains("Using index", row["Extra"], StringComparison.Ordinal);
        }

        // By primary key where it counts: on these 35 rows the optimizer may prefer to scan them all.
        var byKey = Assert.Single(await Store.ExplainAsync(Inline(videos)));
        Assert.Equal(("v", "PRIMARY"), (byKey["table"], byKey["possible_keys"]));

        // A word far rarer than the other: its rows are walked into a derived table read first, the other word a key
        // lookup per candidate, videos joined one row per match by primary key.
        (page, statements) = await Data.Get<VideoReader>().TraceSearchAsync(new VideoQuery { Words = ["porto", "paging"], Limit = 21 }, Cancel);
        var walk = statements.Single(s => s.Label.StartsWith("search page", StringComparison.Ordinal));
        var plan = await Store.ExplainAsync(Inline(walk));
        Assert.StartsWith("<derived", plan[0]["table"], StringComparison.Ordinal);
        Assert.All(plan.Where(row => row["table"] is "d" or "v" or "x0_0"), row => Assert.NotEqual("ALL", row["type"]));
        Assert.Equal("PRIMARY", plan.First(row => row["table"] == "d")["key"]);
        Assert.Equal("eq_ref", plan.First(row => row["table"] == "v")["type"]);
        Assert.Equal("eq_ref", plan.First(row => row["table"] == "x0_0")["type"]);

        // A looked-up word that starts several terms ("pa": paging, pasta) is a key lookup per term, never a range over
        // all of their rows per candidate (at 1,000,000 videos that took seconds a page).
        (_, statements) = await Data.Get<VideoReader>().TraceSearchAsync(new VideoQuery { Words = ["porto", "pa"], Limit = 21 }, Cancel);
        plan = await Store.ExplainAsync(Inline(statements.Single(s => s.Label.StartsWith("search page", StringComparison.Ordinal))));
        var lookups = plan.Where(row => row["table"]!.StartsWith("x0_", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lookups.Count);
        Assert.All(lookups, row => Assert.Equal("eq_ref", row["type"]));
        Assert.Equal(SearchTerms.IndexTerms("Paging football clip 1", "").Count,
            await Store.ScalarAsync<long>("SELECT COUNT(*) FROM video_terms WHERE video_id = 'p001'"));
    }

    private static string Inline(SearchStatement statement) => statement.Parameters
        .OrderByDescending(p => p.Key.Length)
        .Aggregate(statement.Sql, (sql, p) => sql.Replace(p.Key, p.Value switch
        {
            string text => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'",
            DateTime time => $"'{time:yyyy-MM-dd HH:mm:ss.ffffff}'",
            var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
        }, StringComparison.Ordinal));
}
