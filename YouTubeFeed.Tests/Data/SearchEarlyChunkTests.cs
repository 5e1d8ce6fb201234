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
        Assert.Equal("nwalphabet", page.Videos[0].VideoId);
        Assert.Equal(Expected(videos, Query).Take(20), page.Videos.Select(v => v.VideoId));
    }

    [Fact]
    public async Task A_video_waiting_for_its_terms_is_found_by_a_repeated_search()
    {
        var videos = await SeedAsync();
        await TraceAsync(Query);

        var waiting = Videos.Make("nwwaiting", "Bravo alpha waiting", videos.Max(v => v.PublishedAt).AddMinutes(1));
        await services.StoreAsync([waiting], index: false);
        videos.Add(waiting);

        var (page, statements) = await TraceAsync(Query);
        Assert.Contains(EarlyLabel, statements[0].Label, StringComparison.Ordinal);
        Assert.Equal(Expected(videos, Query).Take(20), page.Videos.Select(v => v.VideoId));
        Assert.Equal("nwwaiting", page.Videos[0].VideoId);
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

    private async Task<(VideoPage Page, IReadOnlyList<SearchStatement> Statements)> TraceAsync(VideoQuery query) =>
        await services.Get<VideoReader>().TraceSearchAsync(query, Cancel);

    private async Task<List<string>> WalkAsync(VideoQuery query)
    {
        var reader = services.Get<VideoReader>();
        var ids = new List<string>();
        var current = query;
        for (var pages = 0; pages < 1000; pages++)
        {
            var page = await reader.ReadPageAsync(current, Cancel);
            ids.AddRange(page.Videos.Select(v => v.VideoId));
            if (page.ContinueAfter is { } stop)
            {
                current = query with { After = stop };
            }
            else if (page.Videos.Count < query.Limit)
            {
                return ids;
            }
            else
            {
                current = query with { After = new VideoPosition(page.Videos[^1].PublishedAt, page.Videos[^1].VideoId) };
            }
        }

        throw new InvalidOperationException("The walk did not end within 1,000 pages.");
    }

    private static List<string> Expected(List<VideoRecord> videos, VideoQuery query) => new SearchOracle(videos).Expected(query);
}
