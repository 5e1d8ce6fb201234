using System.Globalization;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Data;

/// <summary>
/// The search against a brute-force answer computed here from the videos themselves: seeded random corpora of a few
/// thousand videos with a small vocabulary (two common words that seldom meet, prefixes that start several terms, a
/// prefix that starts exactly <see cref="VideoSearch.MaxExpansion"/> terms and one that starts one more, a prefix that
/// starts one more than <see cref="VideoSearch.MaxLoneExpansion"/>, stop words),
/// large blocks of videos published at the same instant and mixed-case ids, walked page by page through
/// <see cref="VideoPage.ContinueAfter"/> in both orders and with several page sizes. Against a real MariaDB.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class SearchDifferentialTests(BackendFixture backend) : IAsyncLifetime
{
    private const string IdAlphabet = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    /// <summary>A walk that needs more pages than this has lost its way.</summary>
    private const int MaxPagesPerWalk = 5000;

    /// <summary>A page size is walked only when the walk needs at most about this many full pages.</summary>
    private const int MaxFullPagesPerWalk = 60;

    private static readonly string[] FootTerms = ["foot", "football", "footage", "footwork", "footnote"];
    private static readonly string[] GarTerms = ["garden", "gardener", "garlic", "garage"];

    /// <summary>Exactly <see cref="VideoSearch.MaxExpansion"/> terms start with "mod": still read from the index.</summary>
    private static readonly string[] ModTerms =
    [
        "modal", "mode", "model", "modem", "modern", "modest", "modify", "module",
        "modulo", "moda", "modo", "modish", "modular", "modulate", "modicum", "modeler",
    ];

    /// <summary>
    /// One more than <see cref="VideoSearch.MaxExpansion"/> terms start with "pix": checked on the text beside other
    /// words, read from the index alone.
    /// </summary>
    private static readonly string[] PixTerms = Enumerable.Range(0, VideoSearch.MaxExpansion + 1).Select(i => "pix" + (char)('a' + i)).ToArray();

    /// <summary>
    /// One more than <see cref="VideoSearch.MaxLoneExpansion"/> terms start with "wid" (checked on the text even alone);
    /// 26 start with "wida" (read from the index alone, checked on the text beside other words).
    /// </summary>
    private static readonly string[] WidTerms = Enumerable.Range(0, VideoSearch.MaxLoneExpansion + 1)
        .Select(i => "wid" + (char)('a' + (i / 26)) + (char)('a' + (i % 26))).ToArray();

    private static readonly string[] StopWords = ["the", "and", "of", "an", "a", "in", "vs", "with"];
    private static readonly string[] ThAnWords = ["theory", "thunder", "anthem", "anchor", "answer"];
    private static readonly string[] Accented = ["Café", "Über", "naïve", "Crème"];
    private static readonly string[] Separators = [" ", " - ", ", ", " | ", "! ", " / "];
    private static readonly string[] Channels = ["UCdiffA", "UCdiffB", "UCdiffC", "UCdiffD"];
    private static readonly int[] PageSizes = [1, 7, 20, 100];
    private static readonly SortOrder[] Orders = [SortOrder.NewestFirst, SortOrder.OldestFirst];

    private IsolatedStore store = null!;
    private WorkerHarness services = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        store = await IsolatedStore.CreateAsync(backend);
        services = await WorkerHarness.StartAsync(store, new Uri("http://127.0.0.1:9/"));
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();

    [Fact]
    public async Task Two_common_words_that_seldom_meet_walk_the_budget_over_ties_in_both_orders()
    {
        // "alpha" and "bravo" are each in ~45% of 3,000 videos, together in 1%: 1,000 rows of either hold about
        // twenty matches, so pages of 20 and 100 stop at the budget. "mod" (16 terms) is in every bravo video a dozen
        // times over: more than 8x alpha's rows, so it is looked up by key, not read as a range. echo and foxtrot
        // swap their density in time (common in one half, rare in the other).
        var videos = Corpus(seed: 101, count: 3000);
        await StoreAsync(videos, indexFirst: videos.Count);

        VideoQuery[] queries =
        [
            new() { Words = ["alpha", "bravo"] },
            new() { Words = ["bravo", "alpha"] },
            new() { Words = ["echo", "foxtrot"] },
            new() { Words = ["alpha", "bravo", "foot"] },
            new() { Words = ["alpha", "th"] },
            new() { Words = ["kilo", "alpha"] },
            new() { Words = ["alpha"] },
        ];

        var stats = await CheckAsync(videos, queries, PageSizes, "indexed");
        var lookedUp = await CheckAsync(videos, [new() { Words = ["alpha", "mod"] }], PageSizes, "indexed, 16-term word looked up");
        Assert.True(stats.PartialPages > 0 && lookedUp.PartialPages > 0, "some page stopped at the walk budget");
        Assert.True(stats.BoundariesInTies > 0, "some page or budget boundary fell inside a block of equal publish times");
    }

    [Fact]
    public async Task Prefixes_stop_words_and_three_words_give_the_brute_force_answer()
    {
        var videos = Corpus(seed: 202, count: 2500);
        await StoreAsync(videos, indexFirst: videos.Count);

        string[][] words =
        [
            // One word: a prefix of several terms, a whole term that is a prefix of another, exactly 16 terms,
            // 17 and 26 terms (read from the index alone), 65 (checked on the text), stop-word prefixes (not
            // indexed), accents folded, digits, no term.
            ["foot"], ["footb"], ["gar"], ["garden"], ["mod"], ["mode"], ["modul"], ["pix"], ["pixe"], ["wid"], ["wida"], ["widc"],
            ["th"], ["an"], ["the"], ["a"], ["caf"], ["uber"], ["cr"], ["20"], ["zephyr"], ["then"], ["thu"],

            // Two words: a prefix driving and looked up, broad words beside indexed ones, broad words alone.
            ["foot", "alpha"], ["alpha", "foot"], ["footage", "gar"], ["zephyr", "foot"], ["bravo", "pix"],
            ["pix", "th"], ["uber", "alpha"], ["kilo", "quartz"], ["mode", "bravo"], ["gar", "th"], ["an", "bravo"],
            ["caf", "the"], ["mod", "foot"], ["foot", "mod"], ["naive", "vs"], ["wida", "alpha"], ["alpha", "wid"],

            // Three words.
            ["alpha", "bravo", "foot"], ["foot", "gar", "th"], ["alpha", "kilo", "footb"], ["bravo", "mod", "quartz"],
            ["echo", "foxtrot", "alpha"], ["th", "an", "alpha"], ["the", "of", "a"], ["foot", "gar", "mod"],
            ["pix", "foot", "alpha"], ["modul", "modest", "bravo"],
        ];

        // The prefixes start as many terms as the comments say, on either side of the limits.
        var terms = videos.SelectMany(v => SearchTerms.TextTerms(v.Title, v.Description)).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(VideoSearch.MaxExpansion + 1, terms.Count(t => t.StartsWith("pix", StringComparison.Ordinal)));
        Assert.Equal(VideoSearch.MaxLoneExpansion + 1, terms.Count(t => t.StartsWith("wid", StringComparison.Ordinal)));
        Assert.Equal(26, terms.Count(t => t.StartsWith("wida", StringComparison.Ordinal)));

        // And as the Api folds what a user types: case, accents, repeated and implied words.
        var typed = new[] { "CAFÉ the", "Über ÜBER alpha", "foot football", "Crème-brûlée" }.Select(SearchTerms.QueryWords);
        await CheckAsync(videos, words.Concat(typed).Select(w => new VideoQuery { Words = [.. w] }).ToList(), PageSizes, "indexed");
    }

    [Fact]
    public async Task Channel_and_publish_time_bounds_combine_with_the_words()
    {
        var videos = Corpus(seed: 303, count: 2500);
        await StoreAsync(videos, indexFirst: videos.Count);

        // Bounds on the instants of the largest tie blocks (inclusive from, exclusive before) and between them.
        var blocks = videos.GroupBy(v => v.PublishedAt).Where(g => g.Count() > 1).OrderByDescending(g => g.Count()).Select(g => g.Key).Take(3).Order().ToList();
        var (low, mid, high) = (blocks[0], blocks[1], blocks[2]);
        var between = low.AddSeconds(30);

        VideoQuery[] queries =
        [
            new() { Words = ["alpha", "bravo"], ChannelId = Channels[0] },
            new() { Words = ["foot"], ChannelId = Channels[1] },
            new() { Words = ["alpha"], ChannelId = Channels[2] },
            new() { Words = ["alpha"], PublishedAfter = mid },
            new() { Words = ["bravo", "mod"], PublishedBefore = mid },
            new() { Words = ["alpha", "bravo"], PublishedAfter = low, PublishedBefore = high },
            new() { Words = ["th", "alpha"], PublishedAfter = low, PublishedBefore = high, ChannelId = Channels[3] },
            new() { Words = ["echo", "foxtrot"], ChannelId = Channels[0], PublishedAfter = between },
            new() { Words = ["pix"], ChannelId = Channels[1] },
            new() { Words = ["pix", "an"], PublishedBefore = high },
            new() { Words = ["gar", "foot"], PublishedAfter = mid, PublishedBefore = mid.AddTicks(10) },
            new() { Words = ["alpha", "kilo", "foot"], ChannelId = Channels[2], PublishedBefore = high },
            new() { Words = ["mod"], PublishedAfter = high, PublishedBefore = low },
        ];

        await CheckAsync(videos, queries, [1, 7, 20], "indexed");
    }

    [Fact]
    public async Task Queued_videos_and_stale_index_rows_give_the_same_answers_as_the_videos_themselves()
    {
        var random = new Random(404);
        var videos = Corpus(seed: 404, count: 3000);
        var indexer = services.Get<SearchIndexer>();
        await StoreAsync(videos, indexFirst: 2850);

        // Changed versions of indexed videos (their old terms stay in the index until the indexer gets to them) and
        // of queued ones: new words (one found nowhere in the index), moved into or out of tie blocks, far newer or
        // older, another channel.
        var queuedIds = (await store.ColumnAsync(
            "SELECT ids.id FROM search_backlog_batches q CROSS JOIN JSON_TABLE(q.video_ids, '$[*]' COLUMNS (id VARCHAR(32) PATH '$')) ids"))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(150, queuedIds.Count);
        var instants = videos.Select(v => v.PublishedAt).Distinct().Order().ToList();
        var byId = videos.ToDictionary(v => v.VideoId, StringComparer.Ordinal);
        var indexed = videos.Where(v => !queuedIds.Contains(v.VideoId)).OrderBy(_ => random.Next()).Take(100).ToList();
        var queued = videos.Where(v => queuedIds.Contains(v.VideoId)).OrderBy(_ => random.Next()).Take(20).ToList();
        var changes = new List<VideoRecord>();
        foreach (var video in indexed.Concat(queued))
        {
            var changed = random.Next(6) switch
            {
                0 => video with { Title = SwapWords(video.Title) },
                1 => video with { PublishedAt = instants[random.Next(instants.Count)] },
                2 => video with { PublishedAt = video.PublishedAt.AddDays(random.Next(2) == 0 ? 3 : -3), Title = SwapWords(video.Title) },
                3 => video with { ChannelId = Channels[(Array.IndexOf(Channels, video.ChannelId) + 1) % Channels.Length] },
                4 => video with { Title = $"Zanzibar {video.Title}", PublishedAt = video.PublishedAt.AddMinutes(random.Next(-90, 90)) },
                _ => video with { Description = "", Title = "The answer" },
            };
            changes.Add(changed);
            byId[video.VideoId] = changed;
        }

        foreach (var batch in changes.Chunk(100))
        {
            await services.Get<VideoWriter>().UpsertAsync(batch, Cancel);
        }

        var current = byId.Values.ToList();
        // A queued video that changed is queued twice: new, in its batch, and changed, in a backlog row of its own.
        var requeued = indexed.Count(v => byId[v.VideoId] != v) + queued.Count(v => byId[v.VideoId] != v);
        Assert.Equal(queuedIds.Count + requeued, await indexer.BacklogAsync(Cancel));

        string[][] words =
        [
            ["alpha"], ["alpha", "bravo"], ["bravo", "alpha"], ["foot"], ["foot", "alpha"], ["gar", "th"],
            ["alpha", "th"], ["zanzibar"], ["zanzibar", "alpha"], ["answer"], ["an"], ["pix"], ["mode", "bravo"],
            ["echo", "foxtrot"], ["alpha", "bravo", "foot"], ["th", "an", "alpha"],
        ];
        var queries = words.Select(w => new VideoQuery { Words = w })
            .Append(new VideoQuery { Words = ["alpha"], ChannelId = Channels[1] })
            .Append(new VideoQuery { Words = ["foot", "bravo"], ChannelId = Channels[2] })
            .Append(new VideoQuery { Words = ["alpha", "bravo"], PublishedAfter = instants[instants.Count / 3], PublishedBefore = instants[2 * instants.Count / 3] })
            .ToList();

        var failures = new List<string>();
        failures.AddRange((await CheckAsync(current, queries, [1, 7, 20, 100], "queued and stale", assert: false)).Failures);

        await indexer.IndexNextAsync(100, Cancel);
        await indexer.IndexNextAsync(50, Cancel);
        Assert.Equal(queuedIds.Count + requeued - 150, await indexer.BacklogAsync(Cancel));
        failures.AddRange((await CheckAsync(current, queries, [7, 20], "some queued", assert: false)).Failures);

        await indexer.DrainAsync(Cancel);
        failures.AddRange((await CheckAsync(current, queries, [20], "none queued", assert: false)).Failures);
        Assert.True(failures.Count == 0, Report(failures));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-3)]
    public async Task A_queued_video_that_moved_in_time_does_not_shift_the_walk_of_a_word_checked_on_the_text(int days)
    {
        // 60 videos with "zulu"; "th" (a prefix of "the", which is not indexed) is checked on the text of zulu's rows,
        // read 20 at a time (four pages of 5). Two videos say "the": one among the first 20 rows, one further down.
        // The 20th row's video was indexed, then moved in time: it is queued, and its index rows keep its old time.
        var videos = Enumerable.Range(0, 60).Select(i => Videos.Make(
            $"zu{i:D6}", i is 57 or 10 ? $"Zulu the clip {i}" : $"Zulu clip {i}", Videos.Origin.AddMinutes(i))).ToList();
        await services.StoreAsync(videos);
        videos[40] = videos[40] with { PublishedAt = videos[40].PublishedAt.AddDays(days) };
        await services.Get<VideoWriter>().UpsertAsync([videos[40]], Cancel);
        Assert.Equal(1, await services.Get<SearchIndexer>().BacklogAsync(Cancel));

        Assert.Equal(3, await store.ScalarAsync<long>(
            "SELECT COUNT(*) FROM video_terms WHERE video_id = 'zu000040' AND published_at = @at",
            ("@at", Videos.Origin.AddMinutes(40))));

        var query = new VideoQuery { Words = ["zulu", "th"], Limit = 5 };
        var expected = new SearchOracle(videos).Expected(query);
        var walk = await WalkAsync(query);
        var (_, statements) = await services.Get<VideoReader>().TraceSearchAsync(query, Cancel);
        var chunks = statements
            .Where(s => s.Label.Contains("up to the floor", StringComparison.Ordinal))
            .Select(s => s.Parameters.TryGetValue("@pos_id", out var id) ? $"after {Show(new VideoPosition((DateTime)s.Parameters["@pos_at"]!, (string)id!))}" : "from the start");
        Assert.True(
            expected.SequenceEqual(walk.Ids, StringComparer.Ordinal) && walk.Problems.Count == 0,
            $"expected [{string.Join(", ", expected)}], walked [{string.Join(", ", walk.Ids)}] in {walk.Pages} page(s) {string.Join("; ", walk.Problems)}; " +
            $"the first page read the driver's rows {string.Join(", then ", chunks)}");
    }

    // ---- The corpus ---------------------------------------------------------------------------------------------

    /// <summary>
    /// <paramref name="count"/> videos, oldest first: in groups of one to three videos sharing a publish time, and (one
    /// group in fifty) blocks of 50–400 videos published at one instant; ids of 8–12 characters from YouTube's alphabet,
    /// some differing from their neighbour only in the case of one letter, or by a trailing character.
    /// </summary>
    private static List<VideoRecord> Corpus(int seed, int count)
    {
        var random = new Random(seed);
        var times = new DateTime[count];
        for (int i = 0, slot = 0; i < count; slot++)
        {
            var size = random.Next(50) == 0 ? random.Next(50, 400) : random.Next(1, 4);
            for (var k = 0; k < size && i < count; k++)
            {
                times[i++] = Videos.Origin.AddMinutes(slot);
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var videos = new List<VideoRecord>(count);
        string? previous = null;
        for (var i = 0; i < count; i++)
        {
            string id;
            do
            {
                id = previous is not null && random.Next(20) == 0 ? CaseTwin(previous, random)
                    : previous is not null && random.Next(30) == 0 ? (random.Next(2) == 0 && previous.Length > 8 ? previous[..^1] : previous + IdAlphabet[random.Next(IdAlphabet.Length)])
                    : new string(Enumerable.Range(0, 11).Select(_ => IdAlphabet[random.Next(IdAlphabet.Length)]).ToArray());
            }
            while (!ids.Add(id));
            previous = id;

            var (title, description) = Text(random, (double)i / count);
            videos.Add(Videos.Make(id, title, times[i], description, Channels[random.Next(Channels.Length)]));
        }

        return videos;
    }

    private static string CaseTwin(string id, Random random)
    {
        var letters = Enumerable.Range(0, id.Length).Where(i => char.IsAsciiLetter(id[i])).ToList();
        if (letters.Count == 0)
        {
            return id + "A";
        }

        var at = letters[random.Next(letters.Count)];
        var c = id[at];
        return id[..at] + (char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)) + id[(at + 1)..];
    }

    /// <summary>A video's words; <paramref name="age"/> runs from 0 (oldest) to 1 (newest).</summary>
    private static (string Title, string Description) Text(Random random, double age)
    {
        var words = new List<string>();
        var described = new List<string>();
        var group = random.NextDouble();
        var both = random.Next(100) == 0;
        var alpha = group < 0.45 || both;
        var bravo = (group >= 0.45 && group < 0.9) || both;
        if (alpha)
        {
            words.Add("alpha");
        }

        if (bravo)
        {
            words.Add("bravo");
            // A dozen of the 16 "mod" terms in every bravo video: "mod" holds far more rows than any one word.
            described.AddRange(ModTerms.OrderBy(_ => random.Next()).Take(12));
        }
        else if (random.Next(30) == 0)
        {
            described.Add(ModTerms[random.Next(ModTerms.Length)]);
        }

        var (echo, foxtrot) = age > 0.6 ? (0.6, 0.04) : (0.03, 0.6);
        AddIf(words, random, echo, "echo");
        AddIf(words, random, foxtrot, "foxtrot");
        foreach (var term in FootTerms)
        {
            AddIf(words, random, 0.1, term);
        }

        foreach (var term in GarTerms)
        {
            AddIf(words, random, 0.07, term);
        }

        if (random.Next(8) == 0)
        {
            words.Add(PixTerms[random.Next(PixTerms.Length)]);
        }

        if (random.Next(4) == 0)
        {
            described.Add(WidTerms[random.Next(WidTerms.Length)]);
        }

        AddIf(words, random, 0.08, "kilo");
        AddIf(words, random, 0.05, "quartz");
        AddIf(words, random, 0.02, "zephyr");
        AddIf(words, random, 0.05, "2024");
        foreach (var term in ThAnWords)
        {
            AddIf(words, random, 0.04, term);
        }

        foreach (var term in Accented)
        {
            AddIf(words, random, 0.04, term);
        }

        foreach (var term in StopWords)
        {
            AddIf(words, random, 0.25, term);
        }

        // Some words in the description instead, the rest in any order, in any case, between any separators.
        var title = new List<string>();
        foreach (var word in words.OrderBy(_ => random.Next()))
        {
            (random.Next(5) == 0 ? described : title).Add(random.Next(10) switch
            {
                0 => word.ToUpperInvariant(),
                < 4 => char.ToUpperInvariant(word[0]) + word[1..],
                _ => word,
            });
        }

        if (title.Count == 0)
        {
            title.Add("Untitled");
        }

        return (Join(title, random), Join(described.OrderBy(_ => random.Next()).ToList(), random));
    }

    private static void AddIf(List<string> words, Random random, double probability, string word)
    {
        if (random.NextDouble() < probability)
        {
            words.Add(word);
        }
    }

    private static string Join(List<string> words, Random random)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < words.Count; i++)
        {
            text.Append(i == 0 ? "" : Separators[random.Next(Separators.Length)]).Append(words[i]);
        }

        return text.ToString();
    }

    /// <summary>"alpha" becomes "bravo" and the other way round; "foot…" words are dropped; "garlic" is added.</summary>
    private static string SwapWords(string title) =>
        string.Join(' ', SearchTerms.Words(title)
            .Where(w => !w.StartsWith("foot", StringComparison.Ordinal))
            .Select(w => w switch { "alpha" => "bravo", "bravo" => "alpha", _ => w })
            .Append("garlic"));

    /// <summary>
    /// Stores the videos in a shuffled order (so that the ones left queued are spread over time), then indexes the
    /// first <paramref name="indexFirst"/> of them.
    /// </summary>
    private async Task StoreAsync(List<VideoRecord> videos, int indexFirst)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var random = new Random(videos.Count);
        var shuffled = videos.OrderBy(_ => random.Next()).ToList();
        foreach (var batch in shuffled.Chunk(100))
        {
            await services.Get<VideoWriter>().UpsertAsync(batch, Cancel);
        }

        var stored = clock.Elapsed;
        var indexer = services.Get<SearchIndexer>();
        for (var done = 0; done < indexFirst;)
        {
            done += await indexer.IndexNextAsync(Math.Min(SearchIndexer.MaxBatchSize, indexFirst - done), Cancel);
        }

        TestContext.Current.SendDiagnosticMessage(
            $"{nameof(SearchDifferentialTests)}: {videos.Count} videos stored in {stored.TotalSeconds:0.0} s, {indexFirst} indexed in {(clock.Elapsed - stored).TotalSeconds:0.0} s");
    }

    // ---- Walking and checking -----------------------------------------------------------------------------------

    private sealed record Walk(List<string> Ids, int Pages, int PartialPages, int BoundariesInTies, List<string> Problems);

    private sealed record Stats(int Walks, int Pages, int PartialPages, int BoundariesInTies, List<string> Failures);

    /// <summary>
    /// Walks every query in both orders at every page size that needs at most <see cref="MaxFullPagesPerWalk"/>
    /// pages, and compares each walk with the brute-force answer. Fails the test unless <paramref name="assert"/> is false.
    /// </summary>
    private async Task<Stats> CheckAsync(List<VideoRecord> videos, IReadOnlyList<VideoQuery> queries, int[] pageSizes, string phase, bool assert = true)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var oracle = new SearchOracle(videos);
        var tieInstants = videos.GroupBy(v => v.PublishedAt).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var failures = new List<string>();
        var paths = new Dictionary<string, int>(StringComparer.Ordinal);
        int walks = 0, pages = 0, partial = 0, inTies = 0;
        var slowest = new List<(double Seconds, string Walk)>();
        foreach (var baseQuery in queries)
        {
            foreach (var order in Orders)
            {
                var expected = oracle.Expected(baseQuery with { Order = order });
                var sizes = pageSizes.Where(size => expected.Count / size <= MaxFullPagesPerWalk).DefaultIfEmpty(pageSizes.Max()).Distinct();
                foreach (var size in sizes)
                {
                    var query = baseQuery with { Order = order, Limit = size };
                    var (_, statements) = await services.Get<VideoReader>().TraceSearchAsync(query, Cancel);
                    var path = string.Join("+", statements.Select(s => Step(s.Label)).Where(s => s.Length > 0).Distinct());
                    paths[path] = paths.GetValueOrDefault(path) + 1;

                    var started = clock.Elapsed;
                    var walk = await WalkAsync(query, tieInstants);
                    slowest.Add(((clock.Elapsed - started).TotalSeconds, $"{Describe(query)}: {walk.Pages} pages, {path}"));
                    walks++;
                    pages += walk.Pages;
                    partial += walk.PartialPages;
                    inTies += walk.BoundariesInTies;
                    var problems = walk.Problems.Concat(Differences(expected, walk.Ids)).ToList();
                    if (problems.Count > 0)
                    {
                        failures.Add($"[{phase}] {Describe(query)} (expected {expected.Count}, walked {walk.Ids.Count} in {walk.Pages} pages, {walk.PartialPages} partial): " +
                            string.Join("; ", problems.Take(6)));
                    }
                }
            }
        }

        TestContext.Current.SendDiagnosticMessage(
            $"{nameof(SearchDifferentialTests)} [{phase}]: {clock.Elapsed.TotalSeconds:0.0} s, {walks} walks, {pages} pages, {partial} partial, {inTies} boundaries in ties, " +
            $"{failures.Count} failed; first pages' statements: {string.Join(", ", paths.Select(p => $"{p.Key} x{p.Value}"))}; slowest: " +
            string.Join(" | ", slowest.OrderByDescending(w => w.Seconds).Take(3).Select(w => $"{w.Seconds:0.00} s {w.Walk}")));
        if (assert)
        {
            Assert.True(failures.Count == 0, Report(failures));
        }

        return new Stats(walks, pages, partial, inTies, failures);
    }

    /// <summary>
    /// Every page of a query, following <see cref="VideoPage.ContinueAfter"/> and, after a full page, its last video;
    /// with what is wrong with the pages themselves (too long, out of order, not after their start, repeated videos,
    /// a continuation that does not move on).
    /// </summary>
    private async Task<Walk> WalkAsync(VideoQuery query, HashSet<DateTime>? tieInstants = null)
    {
        var reader = services.Get<VideoReader>();
        var ids = new List<string>();
        var problems = new List<string>();
        int pages = 0, partial = 0, inTies = 0;
        var current = query;
        while (true)
        {
            if (++pages > MaxPagesPerWalk)
            {
                problems.Add($"no end after {MaxPagesPerWalk} pages");
                break;
            }

            var page = await reader.ReadPageAsync(current, Cancel);
            if (page.Videos.Count > query.Limit)
            {
                problems.Add($"page {pages} has {page.Videos.Count} videos, more than {query.Limit}");
            }

            var last = current.After;
            foreach (var video in page.Videos)
            {
                var position = new VideoPosition(video.PublishedAt, video.VideoId);
                if (last is { } before && Compare(query.Order, position, before) <= 0)
                {
                    problems.Add($"page {pages}: {Show(position)} does not come after {Show(before)}");
                }

                last = position;
            }

            ids.AddRange(page.Videos.Select(v => v.VideoId));
            if (page.ContinueAfter is { } stop)
            {
                partial++;
                inTies += tieInstants?.Contains(stop.PublishedAt) == true ? 1 : 0;
                if (page.Videos.Count >= query.Limit)
                {
                    problems.Add($"page {pages} is full and yet partial");
                }

                if (last is { } end && Compare(query.Order, stop, end) < 0)
                {
                    problems.Add($"page {pages}: continues after {Show(stop)}, before its last video {Show(end)}");
                }

                if (current.After is { } start && Compare(query.Order, stop, start) <= 0)
                {
                    problems.Add($"page {pages}: continues after {Show(stop)}, which is not past its start {Show(start)}");
                    break;
                }

                current = query with { After = stop };
                continue;
            }

            if (page.Videos.Count < query.Limit)
            {
                break;
            }

            var lastVideo = page.Videos[^1];
            inTies += tieInstants?.Contains(lastVideo.PublishedAt) == true ? 1 : 0;
            current = query with { After = new VideoPosition(lastVideo.PublishedAt, lastVideo.VideoId) };
        }

        var repeated = ids.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
        {
            problems.Add($"{repeated.Count} videos returned twice or more: {string.Join(", ", repeated.Take(5))}");
        }

        return new Walk(ids, pages, partial, inTies, problems);
    }

    private static List<string> Differences(List<string> expected, List<string> actual)
    {
        if (expected.SequenceEqual(actual, StringComparer.Ordinal))
        {
            return [];
        }

        var problems = new List<string>();
        var first = Enumerable.Range(0, Math.Min(expected.Count, actual.Count)).FirstOrDefault(i => !string.Equals(expected[i], actual[i], StringComparison.Ordinal), Math.Min(expected.Count, actual.Count));
        problems.Add($"first difference at {first}: expected {(first < expected.Count ? expected[first] : "(end)")}, got {(first < actual.Count ? actual[first] : "(end)")}");
        var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
        var extra = actual.Except(expected, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{missing.Count} missing: {string.Join(", ", missing.Take(8))}");
        }

        if (extra.Count > 0)
        {
            problems.Add($"{extra.Count} not matching: {string.Join(", ", extra.Take(8))}");
        }

        return problems;
    }

    /// <summary>A short name for a search statement's label (for the diagnostic message only).</summary>
    private static string Step(string label) =>
        label.Contains("first chunk", StringComparison.Ordinal) ? "early"
        : label.Contains("probe", StringComparison.Ordinal) ? ""
        : label.Contains("in one statement", StringComparison.Ordinal) ? "bounded"
        : label.Contains("driver rows", StringComparison.Ordinal) ? "ranges"
        : label.Contains("lookup range", StringComparison.Ordinal) ? ""
        : label.Contains("by key", StringComparison.Ordinal) ? ""
        : label.Contains("floor (", StringComparison.Ordinal) ? "floor"
        : label.Contains("videos walked", StringComparison.Ordinal) ? "videos"
        : label.Contains("up to the floor", StringComparison.Ordinal) ? "page"
        : label;

    private static string Report(List<string> failures) =>
        $"{failures.Count} walk(s) differ from the brute-force answer:\n" + string.Join("\n", failures.Take(25));

    private static string Describe(VideoQuery q) =>
        $"words [{string.Join(' ', q.Words)}] {q.Order} limit {q.Limit}" +
        (q.ChannelId is null ? "" : $" channel {q.ChannelId}") +
        (q.PublishedAfter is { } a ? $" from {a:O}" : "") +
        (q.PublishedBefore is { } b ? $" before {b:O}" : "");

    private static string Show(VideoPosition p) => $"({p.PublishedAt.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}, {p.VideoId})";

    /// <summary>(published_at, video_id) in the page's order, ids compared byte by byte (ascii_bin).</summary>
    private static int Compare(SortOrder order, VideoPosition x, VideoPosition y)
    {
        var ascending = x.PublishedAt != y.PublishedAt ? x.PublishedAt.CompareTo(y.PublishedAt) : string.CompareOrdinal(x.VideoId, y.VideoId);
        return order == SortOrder.OldestFirst ? ascending : -ascending;
    }
}
