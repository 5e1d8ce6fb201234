using Microsoft.Extensions.Time.Testing;
using MySqlConnector;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Data;

/// <summary>
/// A search of words searched before reads the first chunk of its intersection with its probe, planned from what
/// the last probe saw (<see cref="VideoSearch"/>, <c>EarlyChunk</c>); what it finds must not depend on it. Against a
/// real MariaDB, each answer against the brute-force one.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class SearchEarlyChunkTests(BackendFixture backend) : IAsyncLifetime
{
    private const string EarlyLabel = "first chunk";

    private IsolatedStore store = null!;
    private WorkerHarness services = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static VideoQuery Query => new() { Words = ["alpha", "bravo"], Limit = 20 };

    public async ValueTask InitializeAsync()
    {
        store = await IsolatedStore.CreateAsync(backend);
        services = await WorkerHarness.StartAsync(store, new Uri("http://127.0.0.1:9/"));
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    [Fact]
    public async Task A_repeated_search_reads_its_first_chunk_with_the_probe_and_finds_the_same_pages()
    {
        var videos = await SeedAsync();

        var (cold, coldStatements) = await TraceAsync(Query);
        Assert.DoesNotContain(EarlyLabel, coldStatements[0].Label, StringComparison.Ordinal);
        Assert.Contains(coldStatements, s => s.Label.StartsWith("search driver rows", StringComparison.Ordinal));

        var (warm, warmStatements) = await TraceAsync(Query);
        Assert.Contains(EarlyLabel, warmStatements[0].Label, StringComparison.Ordinal);
        Assert.DoesNotContain(warmStatements, s => s.Label.StartsWith("search driver rows", StringComparison.Ordinal));
        Assert.Equal(Expected(videos, Query).Take(20), warm.Videos.Select(v => v.VideoId));
        Assert.Equal(cold.Videos.Select(v => v.VideoId), warm.Videos.Select(v => v.VideoId));

        // Every page of every walk, the later ones planned from the earlier ones' probes.
        foreach (var order in new[] { SortOrder.NewestFirst, SortOrder.OldestFirst })
        {
            foreach (var limit in new[] { 7, 20, 100 })
            {
                var query = Query with { Order = order, Limit = limit };
                Assert.Equal(Expected(videos, query), await WalkAsync(query));
            }
        }
    }

    [Fact]
    public async Task A_head_that_stops_before_the_drivers_last_row_is_completed_by_reading_the_rest()
    {
        var videos = await SeedAsync();
        await TraceAsync(Query);

        // Newer than all: 300 videos with bravo alone, then (older than those) 100 with both. The last search saw
        // about 1.7 bravo rows to an alpha row, so the head read with the next probe holds only the bravo-only videos:
        // every match is in the rest of the span.
        var newest = videos.Max(v => v.PublishedAt);
        var added = Enumerable.Range(0, 400).Select(i => Videos.Make(
            $"nw{i:D6}", i < 100 ? $"Alpha bravo newer {i}" : $"Bravo newer {i}", newest.AddMinutes(1 + i))).ToList();
        await services.StoreAsync(added);
        videos.AddRange(added);

        var (page, statements) = await TraceAsync(Query);
        Assert.Contains(EarlyLabel, statements[0].Label, StringComparison.Ordinal);
        Assert.DoesNotContain(statements, s => s.Label.StartsWith("search driver rows", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Label.StartsWith("search lookup range", StringComparison.Ordinal));
        Assert.Equal(Expected(videos, Query).Take(20), page.Videos.Select(v => v.VideoId));
        Assert.All(page.Videos, v => Assert.StartsWith("nw", v.VideoId, StringComparison.Ordinal));
        Assert.Equal(Expected(videos, Query), await WalkAsync(Query));
    }

    [Fact]
    public async Task A_word_that_starts_a_new_term_since_the_last_search_is_planned_again()
    {
        var videos = await SeedAsync();
        await TraceAsync(Query);

        // "alphabet" is a term no video had: the chunk read with the probe holds only the rows of "alpha".
        var alphabet = Videos.Make("nwalphabet", "Alphabet bravo", videos.Max(v => v.PublishedAt).AddMinutes(1));
        await services.StoreAsync([alphabet]);
        videos.Add(alphabet);

        var (page, statements) = await TraceAsync(Query);
        Assert.Contains(EarlyLabel, statements[0].Label, StringComparison.Ordinal);
        Assert.Contains(statements, ReadsTheDriverAfterTheProbe);
        Assert.Equal("nwalphabet", page.Videos[0].VideoId);
        Assert.Equal(Expected(videos, Query).Take(20), page.Videos.Select(v => v.VideoId));
    }

    [Fact]
    public async Task A_video_waiting_for_its_terms_is_found_by_a_repeated_search_and_the_next_plans_after_its_probe()
    {
        var videos = await SeedAsync();
        await TraceAsync(Query);

        var waiting = Videos.Make("nwwaiting", "Bravo alpha waiting", videos.Max(v => v.PublishedAt).AddMinutes(1));
        await services.StoreAsync([waiting], index: false);
        videos.Add(waiting);

        // The chunk read with the probe is left: the queued video and the index are read in one snapshot instead.
        var (page, statements) = await TraceAsync(Query);
        Assert.Contains(EarlyLabel, statements[0].Label, StringComparison.Ordinal);
        Assert.Contains(statements, ReadsTheDriverAfterTheProbe);
        Assert.Equal(Expected(videos, Query).Take(20), page.Videos.Select(v => v.VideoId));
        Assert.Equal("nwwaiting", page.Videos[0].VideoId);

        // That probe saw a video waiting: the next search sends no chunk it would leave again.
        (_, statements) = await TraceAsync(Query);
        Assert.DoesNotContain(EarlyLabel, statements[0].Label, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_intersection_abandoned_for_key_lookups_is_not_read_with_the_next_probe_again()
    {
        var videos = await SeedAsync();
        var query = new VideoQuery { Words = ["alpha", "clip"], Limit = 20 };
        await TraceAsync(query);

        // Newer than all: 1,500 videos with clip, one in twenty with alpha too; older than all, 1,500 with alpha alone.
        // The words' estimates still say clip is less than eight times alpha, but over the span of alpha's first rows
        // it holds more than eight times as many: the intersection is abandoned for key lookups.
        var newest = videos.Max(v => v.PublishedAt);
        var added = Enumerable.Range(0, 1500).Select(i => Videos.Make(
                $"nw{i:D6}", i % 20 == 0 ? $"Alpha clip newer {i}" : $"Clip newer {i}", newest.AddMinutes(1 + i)))
            .Concat(Enumerable.Range(0, 1500).Select(i => Videos.Make($"od{i:D6}", $"Alpha older {i}", Videos.Origin.AddMinutes(-1 - i))))
            .ToList();
        await services.StoreAsync(added);
        videos.AddRange(added);

        var (page, statements) = await TraceAsync(query);
        Assert.Contains(EarlyLabel, statements[0].Label, StringComparison.Ordinal);
        Assert.Contains(statements, s => s.Label.StartsWith("search page (the budget's driver rows", StringComparison.Ordinal));
        Assert.Equal(Expected(videos, query).Take(20), page.Videos.Select(v => v.VideoId));

        // Planned after its probe, as an intersection the estimates allow (abandoned again, for the same lookups).
        (page, statements) = await TraceAsync(query);
        Assert.DoesNotContain(EarlyLabel, statements[0].Label, StringComparison.Ordinal);
        Assert.Contains(statements, s => s.Label.StartsWith("search driver rows", StringComparison.Ordinal));
        Assert.Equal(Expected(videos, query).Take(20), page.Videos.Select(v => v.VideoId));
    }

    [Fact]
    public async Task Three_words_and_time_bounds_read_a_head_for_each_looked_up_word_with_the_same_answers()
    {
        var videos = await SeedAsync();
        var newest = videos.Max(v => v.PublishedAt);
        VideoQuery[] queries =
        [
            new() { Words = ["alpha", "bravo", "clip"], Limit = 20 },
            new() { Words = ["alpha", "bravo"], Limit = 20, PublishedAfter = Videos.Origin.AddMinutes(500), PublishedBefore = newest.AddMinutes(-400) },
            new() { Words = ["bravo", "clip"], Limit = 7, Order = SortOrder.OldestFirst, PublishedAfter = Videos.Origin.AddMinutes(300) },
        ];

        foreach (var query in queries)
        {
            await TraceAsync(query);
            var (page, statements) = await TraceAsync(query);
            Assert.Contains(EarlyLabel, statements[0].Label, StringComparison.Ordinal);
            Assert.Equal(query.Words.Count - 1, statements[0].Parameters.Keys.Count(name => name.StartsWith("@y", StringComparison.Ordinal)));
            Assert.Equal(Expected(videos, query).Take(query.Limit), page.Videos.Select(v => v.VideoId));
            Assert.Equal(Expected(videos, query), await WalkAsync(query));
        }
    }

    [Fact]
    public async Task A_repeated_page_reads_its_last_videos_with_the_probe_and_only_the_new_matches_by_key()
    {
        var videos = await SeedAsync();
        await TraceAsync(Query);
        var (before, statements) = await TraceAsync(Query);
        Assert.Contains(EarlyLabel, statements[0].Label, StringComparison.Ordinal);
        Assert.Equal(20, statements[0].Parameters.Keys.Count(name => name.StartsWith("@g", StringComparison.Ordinal)));
        Assert.Single(statements);
        Assert.Equal(Expected(videos, Query).Take(20), before.Videos.Select(v => v.VideoId));

        // A new match, newer than all; one of the page's videos no longer has bravo; another is renamed and still
        // matches. The guess read with the probe holds the first two and not the new one.
        var gone = before.Videos[3];
        var renamed = before.Videos[5];
        var changed = Videos.Make(gone.VideoId, "Alpha clip without the other word", gone.PublishedAt);
        var retitled = Videos.Make(renamed.VideoId, "Alpha bravo renamed", renamed.PublishedAt);
        var added = Videos.Make("nwguess", "Bravo alpha newest", videos.Max(v => v.PublishedAt).AddMinutes(1));
        await services.StoreAsync([changed, retitled, added]);
        videos[videos.FindIndex(v => v.VideoId == gone.VideoId)] = changed;
        videos[videos.FindIndex(v => v.VideoId == renamed.VideoId)] = retitled;
        videos.Add(added);

        var (after, afterStatements) = await TraceAsync(Query);
        Assert.Contains(EarlyLabel, afterStatements[0].Label, StringComparison.Ordinal);
        var byKey = Assert.Single(afterStatements, s => s.Label.StartsWith("search page (the matches' videos", StringComparison.Ordinal));
        Assert.Equal(["nwguess"], byKey.Parameters.Values);
        Assert.Equal(Expected(videos, Query).Take(20), after.Videos.Select(v => v.VideoId));
        Assert.DoesNotContain(after.Videos, v => v.VideoId == gone.VideoId);
        Assert.Equal("Alpha bravo renamed", Assert.Single(after.Videos, v => v.VideoId == renamed.VideoId).Title);

        // The page as it is now is the next guess.
        (_, afterStatements) = await TraceAsync(Query);
        Assert.Single(afterStatements);
    }

    [Fact]
    public async Task A_search_planned_before_its_probe_reads_no_estimates_while_they_are_younger_than_their_lifetime()
    {
        var videos = await SeedAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var reader = new VideoReader(services.Get<MySqlDataSource>(), clock);

        async Task<string> ProbeAsync() => (await reader.TraceSearchAsync(Query, Cancel)).Statements[0].Sql;

        Assert.Contains("EXPLAIN", await ProbeAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("EXPLAIN", await ProbeAsync(), StringComparison.Ordinal);
        clock.Advance(SearchWordFacts.EstimateLifetime - TimeSpan.FromMilliseconds(1));
        Assert.DoesNotContain("EXPLAIN", await ProbeAsync(), StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var refreshed = await ProbeAsync();
        Assert.Contains("EXPLAIN", refreshed, StringComparison.Ordinal);
        Assert.Contains(EarlyLabel, (await reader.TraceSearchAsync(Query, Cancel)).Statements[0].Label, StringComparison.Ordinal);
        Assert.DoesNotContain("EXPLAIN", await ProbeAsync(), StringComparison.Ordinal);

        // alpha starts a new term: the early chunk is left, and the search is planned after its probe with the
        // estimates it did not read. By them alpha, the rarer, still drives: two terms, so no intersection of ranges.
        // (Without estimates bravo, which starts one term, would drive and be intersected.)
        var alphas = Videos.Make("nwalphas", "Alphas bravo", videos.Max(v => v.PublishedAt).AddMinutes(1));
        await services.StoreAsync([alphas]);
        videos.Add(alphas);
        var (page, statements) = await reader.TraceSearchAsync(Query, Cancel);
        Assert.Contains(EarlyLabel, statements[0].Label, StringComparison.Ordinal);
        Assert.DoesNotContain("EXPLAIN", statements[0].Sql, StringComparison.Ordinal);
        Assert.Contains(statements, ReadsTheDriverAfterTheProbe);
        Assert.DoesNotContain(statements, s => s.Label.StartsWith("search driver rows", StringComparison.Ordinal));
        Assert.Equal(Expected(videos, Query).Take(20), page.Videos.Select(v => v.VideoId));
        Assert.Equal("nwalphas", page.Videos[0].VideoId);
    }

    /// <summary>2,000 videos a minute apart: alpha in ~30 %, bravo in ~50 %, independently; fresh statistics.</summary>
    private async Task<List<VideoRecord>> SeedAsync()
    {
        var random = new Random(77);
        var videos = Enumerable.Range(0, 2000).Select(i =>
        {
            var words = (random.Next(10) < 3 ? "Alpha " : "") + (random.Next(2) == 0 ? "bravo " : "") + "clip";
            return Videos.Make($"ec{i:D6}", $"{words} {i}", Videos.Origin.AddMinutes(i));
        }).ToList();
        await services.StoreAsync(videos);

        // The plan takes each word's share of the videos table's row count from its statistics.
        await store.ColumnAsync("ANALYZE TABLE video_terms, videos");
        return videos;
    }

    /// <summary>A statement after the probe reads the driver's rows: the search planned after its probe.</summary>
    private static bool ReadsTheDriverAfterTheProbe(SearchStatement statement) =>
        statement.Label.StartsWith("search driver rows", StringComparison.Ordinal) ||
        statement.Label.StartsWith("search page (the driver's rows", StringComparison.Ordinal) ||
        statement.Label.StartsWith("search page (the budget's driver rows", StringComparison.Ordinal);

    private async Task<(VideoPage Page, IReadOnlyList<SearchStatement> Statements)> TraceAsync(VideoQuery query) =>
        await services.Get<VideoReader>().TraceSearchAsync(query, Cancel);

    private async Task<List<string>> WalkAsync(VideoQuery query) =>
        await SearchWalk.IdsAsync(services.Get<VideoReader>(), query, Cancel);

    private static List<string> Expected(List<VideoRecord> videos, VideoQuery query) => new SearchOracle(videos).Expected(query);
}
