using System.Globalization;
using System.Text;
using MySqlConnector;

namespace YouTubeFeed.Data.Videos;

/// <summary>One page of videos; <see cref="ContinueAfter"/> is set when a search stopped at its budget.</summary>
/// <param name="Videos">The videos, in the page's order (at most the query's limit).</param>
/// <param name="ContinueAfter">
/// Null for a complete page. Otherwise the search walked <see cref="VideoSearch.WalkBudget"/> index rows without
/// filling the page: <see cref="Videos"/> is everything that matches up to this position, and the next page
/// continues after it (more matches may or may not follow).
/// </param>
public sealed record VideoPage(IReadOnlyList<VideoRecord> Videos, VideoPosition? ContinueAfter)
{
    public bool Partial => ContinueAfter is not null;
}

/// <summary>A statement a search ran, with its parameters (for the benchmark's diagnostics).</summary>
public sealed record SearchStatement(string Label, string Sql, IReadOnlyDictionary<string, object?> Parameters);

/// <summary>
/// The search behind <c>q</c>: every query word must start a term of the video (<see cref="SearchTerms"/>).
/// </summary>
/// <remarks>
/// <para>The index holds whole words only. A query word is looked up as the sorted range of terms it starts:
/// <c>term LIKE 'foot%'</c> is football, footage, footwork… and the search reads those terms' rows side by
/// side, each already newest first. A word that starts more than <see cref="MaxExpansion"/> terms (a query's only
/// word: <see cref="MaxLoneExpansion"/>), or one that starts a word the index leaves out
/// (<see cref="SearchTerms.Unindexed"/>: "th" starts "the"), is checked on the text of the candidates instead (such
/// words are common, so they reject few of them).</para>
/// <para>The driver, whose rows are walked in page order, is the rarest word by the optimizer's own range
/// estimate of <c>term LIKE 'word%'</c> (an index dive, whatever the word's frequency; for a search planned before its
/// probe, the estimate of the last probe of the word). Every other word is a
/// primary-key lookup per candidate, or, when no other word is expected to hold more than
/// <see cref="RangeLookupRatio"/> times the driver's rows, read as a range of its own over the span of the driver's
/// rows and intersected with them here (the next entry of an index leaf costs a fraction of a lookup from the root:
/// at 1,000,000 videos, 0.9 ms for the 1,057 rows of one word against 7.8 ms for 1,000 lookups). The intersection
/// reads the driver in chunks, the first as large as the words' estimates say the page needs (with a wide margin),
/// so that a looked-up word found in most videos does not make a page read the whole budget. When nothing but
/// broad words remain, the videos themselves are walked.</para>
/// <para>One request walks at most <see cref="WalkBudget"/> rows of the driver. With one driving term and looked-up
/// words, one statement reads the budget's rows into a derived table and returns the first matches among them; a
/// page that is not full then asks for the budget's last row, where the next page continues. Otherwise the search
/// first finds that last row (a narrow index-only walk) and reads only up to it. A page that is not full there is
/// returned as it is, with <see cref="VideoPage.ContinueAfter"/> set, so two common words that never occur together
/// cost a bounded walk per request instead of a walk through every row of the rarer one.</para>
/// <para>A search of several words that earlier searches of several words probed, planned as an intersection with one
/// term to each looked-up word, is planned before its probe answers, from what those probes saw
/// (<see cref="SearchWordFacts"/>): the first chunk of its intersection is read in the probe's round trip
/// (<see cref="EarlyChunk"/>), and used when the probe confirms the plan's terms and finds no video queued. The
/// videos the same first page held last time travel with it, and are used for the matches the intersection finds among
/// them; while the plan's estimates are younger than <see cref="SearchWordFacts.EstimateLifetime"/>, that probe
/// reads none.</para>
/// <para>When videos wait for their terms (<see cref="SearchIndexer"/>), they and the index are read in one
/// snapshot, so a video the indexer moves from one to the other meanwhile is seen exactly once.</para>
/// </remarks>
internal sealed class VideoSearch(MySqlDataSource dataSource, TimeProvider time)
{
    /// <summary>Terms a query word may start and still be read from the index (one sorted range each).</summary>
    public const int MaxExpansion = 16;

    /// <summary>
    /// Terms a query's only word may start and still be read from the index. Nothing else checks its rows, so each
    /// term's range gives at most a page of them, side by side: in an English vocabulary at 1,000,000 videos, "foot"
    /// starts 43-47 terms, whose ranges took 2.2 ms a search against 3.3 ms for walking the newest videos and checking their
    /// text (docs/benchmarks.md). With other words, each term would be a key lookup per candidate.
    /// </summary>
    public const int MaxLoneExpansion = 64;

    /// <summary>The most terms a word of a query of <paramref name="words"/> words is read from the index with.</summary>
    public static int ExpansionLimit(int words) => words == 1 ? MaxLoneExpansion : MaxExpansion;

    /// <summary>
    /// Driver rows one request may walk. A candidate costs about a microsecond per other word (a key lookup), so
    /// the budget bounds a request to a millisecond or two of MariaDB; two words that occur together in more than
    /// 1 in 40 of the rarer one's videos fill a page of 20 within it.
    /// </summary>
    public const int WalkBudget = 1000;

    /// <summary>
    /// Up to how many times the driver's rows a looked-up word may be expected to hold for its range to be read
    /// beside the driver's (<see cref="SearchPlan.IntersectsRanges"/>); a range holding more than that many times the
    /// driver rows read is abandoned for the key lookups.
    /// </summary>
    public const double RangeLookupRatio = 8;

    /// <summary>How many times the rows the words' estimates say a page needs the first chunk of an intersection reads.</summary>
    public const double IntersectMargin = 3;

    /// <summary>
    /// The fewest driver rows a chunk of an intersection reads. A chunk's two statements cost about 0.2 ms at 1,000,000
    /// videos, what reading some 250 driver rows and the other word's rows beside them costs.
    /// </summary>
    public const int MinIntersectChunk = 128;

    /// <summary>
    /// How many times the rows its estimate gives for the first chunk's span a looked-up word's head read with the probe
    /// asks for: the estimates of two words are each about twice the count, so their ratio errs by a fifth either way
    /// at 1,000,000 videos. A head that stops short costs one more statement; one that runs past costs its extra rows.
    /// </summary>
    public const double LookupHeadMargin = 1.25;

    /// <summary>
    /// As <see cref="LookupHeadMargin"/>, when the head is sized from the share of the driver's span a looked-up word
    /// held in the last search that read both (<see cref="SearchWordFacts"/>): only the next span's own density differs.
    /// </summary>
    public const double LearnedHeadMargin = 1.1;

    private readonly SearchWordFacts facts = new(time);

    public async Task<VideoPage> PageAsync(VideoQuery query, List<SearchStatement>? trace, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var inSnapshot = false;
        try
        {
            return await SearchAsync(connection, query, trace, () => inSnapshot = true, cancellationToken);
        }
        finally
        {
            if (inSnapshot)
            {
                await EndAsync(connection);
            }
        }
    }

    /// <summary>Ends the read-only snapshot, unless the connection is broken (the server then ends it).</summary>
    private static async Task EndAsync(MySqlConnection connection)
    {
        try
        {
            await using var end = new MySqlCommand("COMMIT", connection);
            await end.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is MySqlException or InvalidOperationException)
        {
        }
    }

    private async Task<VideoPage> SearchAsync(
        MySqlConnection connection, VideoQuery query, List<SearchStatement>? trace, Action snapshot, CancellationToken cancellationToken)
    {
        // 1. The words' terms and estimates, and whether any video waits for its terms. When these words were searched
        // before, the intersection's first chunk, as that probe plans it, travels in the same round trip.
        // While the words' estimates the early plan was made with are fresh, the probe reads only the terms.
        var early = EarlyChunk.TryPlan(query, facts);
        var estimate = early is not { EstimatesFresh: true };
        var probe = ProbeStatement(query.Words, estimate);
        if (early is not null)
        {
            probe = early.AppendTo(probe);
        }

        trace?.Add(probe);
        var (anyQueued, expansions, estimates, earlyRows) = await ProbeAsync(connection, probe, query.Words.Count, estimate, early, cancellationToken);
        facts.Remember(anyQueued, query.Words, expansions, estimate ? estimates[..^1] : null, estimates[^1]);

        // The early rows count only when they are what this probe would have planned reads of: no word starts other
        // terms now, and no video waits for its terms (those are read in a snapshot with the index, below).
        var first = early is not null && !anyQueued && early.Holds(expansions) ? earlyRows : null;
        List<VideoRecord> queued = [];
        if (anyQueued)
        {
            // The queued videos and the index are then read in one snapshot, so that a video the indexer moves from
            // one to the other meanwhile is seen exactly once. (With none queued, a video stored since is simply
            // not found yet, as if the search had come first.)
            snapshot();
            queued = await ReadUnindexedAsync(connection, cancellationToken);
        }

        var plan = first is not null ? early!.Plan : SearchPlan.Create(query, expansions, estimates[..^1], estimates[^1]);
        if (plan.NoIndexedMatch)
        {
            // A word that starts no term at all: only videos still waiting for their terms can match.
            return new VideoPage(MergeQueued([], queued, query, floor: null), null);
        }

        var queuedIds = queued.Select(v => v.VideoId).ToHashSet(StringComparer.Ordinal);
        var wanted = query.Limit + queuedIds.Count;
        var order = new PageOrder(query.Order);
        if (plan.IntersectsRanges && await IntersectRangesAsync(connection, plan, query, wanted, first, trace, cancellationToken) is { } intersected)
        {
            var (candidates, stop) = intersected;
            var page = MergeQueued(candidates.Where(v => !queuedIds.Contains(v.VideoId)).ToList(), queued, query, stop);
            return new VideoPage(page, page.Count < query.Limit ? stop : null);
        }

        if (plan.WalksInOneStatement)
        {
            // 2a. One driving term, other words looked up: the budget's rows and the page's matches in one statement.
            var statement = plan.BoundedPageStatement(query.After, WalkBudget, wanted);
            trace?.Add(statement);
            var candidates = await ReadVideosAsync(connection, statement, cancellationToken);
            if (IsInOrder(candidates, order))
            {
                VideoPosition? stop = null;
                if (candidates.Count < wanted)
                {
                    // Every row within the budget was looked at: the page continues after the budget's last one.
                    var floorStatement = plan.FloorStatement(WalkBudget);
                    trace?.Add(floorStatement);
                    stop = await ReadFloorAsync(connection, floorStatement, query.Order, cancellationToken);
                }

                var page = MergeQueued(candidates.Where(v => !queuedIds.Contains(v.VideoId)).ToList(), queued, query, stop);
                return new VideoPage(page, page.Count < query.Limit ? stop : null);
            }

            // The server read the budget's rows in another order than they were written: read as below instead.
        }

        // 2b. Where the budget ends, when anything can reject the driver's rows.
        VideoPosition? floor = null;
        if (plan.NeedsBudget)
        {
            var floorStatement = plan.FloorStatement(WalkBudget);
            trace?.Add(floorStatement);
            floor = await ReadFloorAsync(connection, floorStatement, query.Order, cancellationToken);
        }

        // 3. The page: the driver's rows up to the floor that every other word (and the channel) accepts, read
        // whole. Stale index rows of queued videos are dropped here (the queued video is judged on its text), and
        // broad words are checked on the text; either may call for more candidates from the same range.
        var chunk = plan.BroadWords.Count == 0 ? wanted : Math.Max(wanted, 4 * query.Limit);
        var found = new List<VideoRecord>();
        var after = query.After;
        while (true)
        {
            var statement = plan.PageStatement(after, floor, chunk);
            trace?.Add(statement);
            var (candidates, last) = await ReadWalkAsync(connection, statement, cancellationToken);
            found.AddRange(candidates.Where(v => !queuedIds.Contains(v.VideoId) && plan.MatchesBroadWords(v)));
            if (found.Count >= query.Limit || candidates.Count < chunk || plan.BroadWords.Count == 0)
            {
                break;
            }

            // Where the walk is, not where the last video is now: a queued video's stale index row keeps the publish
            // time it was indexed with (continuing from its new one would read rows twice or skip some).
            after = last;
            chunk = Math.Min(chunk * 4, WalkBudget);
        }

        var videos = MergeQueued(found, queued, query, floor);
        return new VideoPage(videos, videos.Count < query.Limit ? floor : null);
    }

    /// <summary>
    /// 2c. The driver's rows and, beside them, each looked-up word's rows over the same span, intersected here: no
    /// key lookup per driver row. Read in chunks until the page is full or the budget walked: the first is what the
    /// words' estimates say the page needs (<see cref="FirstIntersectChunk"/>; or <paramref name="first"/>, read with
    /// the probe), each next one what the matches seen so far say it still needs. Null when a looked-up word holds too
    /// many rows in a chunk's span (the key lookups are then cheaper), else the page's candidates and where the budget
    /// ended (null: the driver's range did, or the page is full).
    /// </summary>
    private async Task<(List<VideoRecord> Candidates, VideoPosition? Stop)?> IntersectRangesAsync(
        MySqlConnection connection, SearchPlan plan, VideoQuery query, int wanted, EarlyRows? first, List<SearchStatement>? trace, CancellationToken cancellationToken)
    {
        var matches = new List<string>();
        var guess = first?.Early.Guess ?? [];
        var guessed = first?.Guessed ?? [];
        var after = query.After;
        var walked = 0;
        var chunk = first?.Early.Chunk ?? FirstIntersectChunk(plan.ExpectedMatchShare, wanted);
        var order = new PageOrder(query.Order);
        VideoPosition? stop = null;
        while (true)
        {
            List<VideoPosition> driver;
            if (first is not null)
            {
                driver = first.Driver;
            }
            else
            {
                var driverStatement = plan.DriverRowsStatement(after, chunk);
                trace?.Add(driverStatement);
                driver = await ReadDriverRowsAsync(connection, driverStatement, cancellationToken);
            }

            walked += driver.Count;
            if (driver.Count == 0)
            {
                break;
            }

            var matching = driver;
            for (var word = 0; word < plan.LookupWords.Count && matching.Count > 0; word++)
            {
                var limit = (int)Math.Ceiling(RangeLookupRatio * driver.Count) + 1;
                var found = new HashSet<string>(StringComparer.Ordinal);
                var rows = 0;
                var from = after;
                if (first is not null)
                {
                    // The head read with the probe: its rows up to the driver's last, and, when it stopped before that
                    // row, the rest of the span below.
                    var head = first.Heads[word];
                    foreach (var position in head.TakeWhile(p => order.Compare(p, driver[^1]) <= 0))
                    {
                        found.Add(position.VideoId);
                        rows++;
                    }

                    from = head.Count == first.Early.HeadLimits[word] && order.Compare(head[^1], driver[^1]) < 0 ? head[^1] : null;
                }

                if ((first is null || from is not null) && rows < limit)
                {
                    var statement = plan.LookupRangeStatement(word, from, driver[^1], limit - rows);
                    trace?.Add(statement);
                    await using var command = Command(connection, statement, "");
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        found.Add(reader.GetString(0));
                        rows++;
                    }
                }

                if (driver.Count >= MinIntersectChunk && plan.LookupWords[word].Count == 1)
                {
                    // Also when the range is abandoned below: the next such search then plans no early chunk.
                    facts.RememberRatio(plan.DriverTerms[0], plan.LookupWords[word][0], (double)rows / driver.Count);
                }

                if (rows >= limit)
                {
                    return null;
                }

                matching = matching.Where(p => found.Contains(p.VideoId)).ToList();
            }

            first = null;
            matches.AddRange(matching.Select(p => p.VideoId));
            if (matches.Count >= wanted || driver.Count < chunk)
            {
                break;
            }

            if (walked >= WalkBudget)
            {
                stop = driver[^1];
                break;
            }

            after = driver[^1];
            chunk = NextIntersectChunk(wanted - matches.Count, walked, matches.Count, WalkBudget - walked);
        }

        // The matches' videos: those read on the guess with the probe, and by key those it missed.
        var ids = matches.Take(wanted).ToList();
        var missing = ids.ToHashSet(StringComparer.Ordinal);
        var candidates = guessed.Where(v => missing.Remove(v.VideoId)).ToList();
        if (missing.Count > 0)
        {
            var byIds = ByIdsStatement([.. ids.Where(missing.Contains)]);
            trace?.Add(byIds);
            candidates.AddRange(await ReadVideosAsync(connection, byIds, cancellationToken));
        }

        // Only a first page with no video queued is kept: the page people repeat, a page of ids at most (the pages
        // of a cursor would only churn the map).
        if (query.After is null && wanted == query.Limit && !guess.SequenceEqual(ids, StringComparer.Ordinal))
        {
            facts.RememberPage(EarlyChunk.PageKey(query), [.. ids]);
        }

        candidates.Sort(new PageOrder(query.Order));
        return (candidates, stop);
    }

    /// <summary>
    /// The driver rows the first chunk of an intersection reads: <see cref="IntersectMargin"/> times what the expected
    /// share of matches needs for the page, at least <see cref="MinIntersectChunk"/>; the whole budget when the share
    /// is unknown or small. Reading too few costs another chunk (two statements, about 0.2 ms at 1,000,000 videos);
    /// reading the whole budget when a looked-up word is in many videos reads several times the rows the page needs.
    /// </summary>
    internal static int FirstIntersectChunk(double expectedMatchShare, int wanted) =>
        expectedMatchShare <= 0
            ? WalkBudget
            : Chunk(Math.Ceiling(IntersectMargin * wanted / expectedMatchShare), WalkBudget);

    /// <summary>
    /// The driver rows the next chunk reads: as many as the match rate seen so far needs for the missing matches,
    /// and a quarter more; the rest of the budget when nothing has matched yet (the words rarely meet).
    /// </summary>
    internal static int NextIntersectChunk(int missing, int walked, int matched, int remaining) =>
        matched == 0 ? remaining : Chunk(Math.Ceiling(1.25 * missing * walked / matched), remaining);

    /// <summary>
    /// A chunk of <paramref name="rows"/> driver rows, at least <see cref="MinIntersectChunk"/>, out of the
    /// <paramref name="remaining"/> rows of the budget; all of them when it would leave fewer than two minimal chunks
    /// (a further chunk's statements would cost more than reading them now).
    /// </summary>
    private static int Chunk(double rows, int remaining) =>
        rows > remaining - (2 * MinIntersectChunk) ? remaining : (int)Math.Max(rows, Math.Min(MinIntersectChunk, remaining));

    private static async Task<List<VideoPosition>> ReadDriverRowsAsync(MySqlConnection connection, SearchStatement statement, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, statement, "");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadPositionsAsync(reader, cancellationToken);
    }

    /// <summary>The (published_at, video_id) rows of the reader's current result set.</summary>
    private static async Task<List<VideoPosition>> ReadPositionsAsync(MySqlDataReader reader, CancellationToken cancellationToken)
    {
        var positions = new List<VideoPosition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            positions.Add(new VideoPosition(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc), reader.GetString(1)));
        }

        return positions;
    }

    /// <summary>The videos of these ids, in no order; the parameters are named <paramref name="prefix"/>0, 1…</summary>
    internal static SearchStatement ByIdsStatement(IReadOnlyList<string> ids, string label = "search page (the matches' videos, by key)", string prefix = "@i")
    {
        var parameters = ids.Select((id, i) => ($"{prefix}{i}", (object?)id)).ToDictionary(p => p.Item1, p => p.Item2);
        return new SearchStatement(
            label,
            $"SELECT {VideoColumns.Select} FROM videos v WHERE v.video_id IN ({string.Join(", ", parameters.Keys)})",
            parameters);
    }

    private static bool IsInOrder(List<VideoRecord> videos, PageOrder order)
    {
        for (var i = 1; i < videos.Count; i++)
        {
            if (order.Compare(videos[i - 1], videos[i]) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<List<VideoRecord>> ReadVideosAsync(MySqlConnection connection, SearchStatement statement, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, statement, "");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadVideoRowsAsync(reader, cancellationToken);
    }

    /// <summary>The videos of the reader's current result set.</summary>
    private static async Task<List<VideoRecord>> ReadVideoRowsAsync(MySqlDataReader reader, CancellationToken cancellationToken)
    {
        var videos = new List<VideoRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            videos.Add(VideoColumns.Read(reader));
        }

        return videos;
    }

    /// <summary>
    /// The videos of a <see cref="SearchPlan.PageStatement"/>, and the walk's position at its last row: the row's own
    /// (published_at, video_id), the statement's last column.
    /// </summary>
    private static async Task<(List<VideoRecord> Videos, VideoPosition? Last)> ReadWalkAsync(
        MySqlConnection connection, SearchStatement statement, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, statement, "");
        var videos = new List<VideoRecord>();
        VideoPosition? last = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var video = VideoColumns.Read(reader);
            videos.Add(video);
            last = new VideoPosition(DateTime.SpecifyKind(reader.GetDateTime(reader.FieldCount - 1), DateTimeKind.Utc), video.VideoId);
        }

        return (videos, last);
    }

    /// <summary>The page's index matches and the queued videos that match, in order, up to the limit.</summary>
    private static List<VideoRecord> MergeQueued(List<VideoRecord> indexed, List<VideoRecord> queued, VideoQuery query, VideoPosition? floor)
    {
        var order = new PageOrder(query.Order);
        return indexed
            .Concat(queued.Where(v => VideoReader.Matches(query, v) && (floor is not { } f || order.Compare(v, f.PublishedAt, f.VideoId) <= 0)))
            .Order(order)
            .Take(query.Limit)
            .ToList();
    }

    /// <summary>
    /// The statement a search starts with: whether any video waits for its terms, the terms each word starts (up to
    /// one more than <see cref="ExpansionLimit"/>, a loose index scan: one index dive per term), and, for several words
    /// and with <paramref name="estimate"/>, the optimizer's estimate of each word's rows and the videos table's.
    /// </summary>
    public static SearchStatement ProbeStatement(IReadOnlyList<string> words, bool estimate)
    {
        var parameters = new Dictionary<string, object?>();
        var sql = new StringBuilder(
            "(SELECT video_id AS term, -1 AS w FROM search_backlog LIMIT 1) UNION ALL (SELECT 'new', -1 FROM search_backlog_batches LIMIT 1)");
        for (var i = 0; i < words.Count; i++)
        {
            parameters.Add($"@w{i}", words[i] + "%");
            sql.Append($" UNION ALL (SELECT term, {i} FROM video_terms WHERE term LIKE @w{i} GROUP BY term LIMIT {ExpansionLimit(words.Count) + 1})");
        }

        if (words.Count > 1 && estimate)
        {
            // records_in_range of each word's range: an estimate (InnoDB's is about twice the count here), read
            // from the index itself, so the rarer of two common words is told apart as well as two rare ones.
            // And the table's row count from its statistics (no dive), for the share of videos each word is in.
            sql.Append("; EXPLAIN ").Append(string.Join(" UNION ALL ", words.Select((_, i) => $"SELECT 1 FROM video_terms WHERE term LIKE @w{i}")))
                .Append(" UNION ALL SELECT 1 FROM videos");
        }

        return new SearchStatement(
            estimate ? "search probe (queued videos, each word's terms and estimate)" : "search probe (queued videos, each word's terms; the plan's estimates are recent)",
            sql.ToString(),
            parameters);
    }

    /// <summary>
    /// What the probe read: estimates has one entry per word, then the videos table's row estimate (all 0 for one word;
    /// without <paramref name="estimate"/>, those the <paramref name="early"/> chunk was planned with); and the rows of
    /// the early chunk read with it, if any.
    /// </summary>
    private static async Task<(bool Queued, List<string>[] Expansions, double[] Estimates, EarlyRows? Early)> ProbeAsync(
        MySqlConnection connection, SearchStatement probe, int wordCount, bool estimate, EarlyChunk? early, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, probe, "");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var queued = false;
        var expansions = Enumerable.Range(0, wordCount).Select(_ => new List<string>()).ToArray();
        while (await reader.ReadAsync(cancellationToken))
        {
            var word = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
            if (word < 0)
            {
                queued = true;
            }
            else
            {
                expansions[word].Add(reader.GetString(0));
            }
        }

        var estimates = estimate || early is null ? new double[wordCount + 1] : early.Estimates;
        if (wordCount > 1 && estimate && await reader.NextResultAsync(cancellationToken))
        {
            var id = reader.GetOrdinal("id");
            var rows = reader.GetOrdinal("rows");
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!reader.IsDBNull(id) && !reader.IsDBNull(rows))
                {
                    var part = Convert.ToInt32(reader.GetValue(id), CultureInfo.InvariantCulture) - 1;
                    if (part >= 0 && part <= wordCount)
                    {
                        estimates[part] = Convert.ToDouble(reader.GetValue(rows), CultureInfo.InvariantCulture);
                    }
                }
            }
        }

        EarlyRows? earlyRows = null;
        if (early is not null)
        {
            var driver = await NextResultAsync(reader, ReadPositionsAsync, cancellationToken);
            var heads = new List<VideoPosition>[early.HeadLimits.Count];
            for (var word = 0; word < heads.Length; word++)
            {
                heads[word] = await NextResultAsync(reader, ReadPositionsAsync, cancellationToken);
            }

            var guessed = early.Guess.Count == 0 ? [] : await NextResultAsync(reader, ReadVideoRowsAsync, cancellationToken);
            earlyRows = new EarlyRows(early, driver, heads, guessed);
        }

        return (queued, expansions, estimates, earlyRows);
    }

    /// <summary>The reader's next result set, read by <paramref name="read"/>.</summary>
    private static async Task<T> NextResultAsync<T>(
        MySqlDataReader reader, Func<MySqlDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        await reader.NextResultAsync(cancellationToken)
            ? await read(reader, cancellationToken)
            : throw new InvalidOperationException("The search probe returned fewer result sets than it asked for.");

    /// <summary>The budget's last driver row: of the floors each term's range reports, the one reached first.</summary>
    private static async Task<VideoPosition?> ReadFloorAsync(
        MySqlConnection connection, SearchStatement statement, SortOrder order, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, statement, "");
        VideoPosition? floor = null;
        var pageOrder = new PageOrder(order);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var position = new VideoPosition(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc), reader.GetString(1));
            if (floor is not { } current || pageOrder.Compare(position, current) < 0)
            {
                floor = position;
            }
        }

        return floor;
    }

    /// <summary>
    /// Starts the snapshot and reads the queued videos, changed ones (<c>search_backlog</c>) and new ones
    /// (<c>search_backlog_batches</c>), up to <see cref="VideoReader.MaxUnindexedRead"/>; beyond that a search misses
    /// some of the newest videos until they are indexed. A new video changed before it was indexed is in both: read once.
    /// </summary>
    private static async Task<List<VideoRecord>> ReadUnindexedAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY; " +
            $"(SELECT {VideoColumns.Select} FROM search_backlog b JOIN videos v ON v.video_id = b.video_id LIMIT {VideoReader.MaxUnindexedRead}) " +
            $"UNION ALL ({QueuedNewVideosSql} LIMIT {VideoReader.MaxUnindexedRead}) LIMIT {VideoReader.MaxUnindexedRead}",
            connection);
        var videos = new List<VideoRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var video = VideoColumns.Read(reader);
            if (seen.Add(video.VideoId))
            {
                videos.Add(video);
            }
        }

        return videos;
    }

    /// <summary>
    /// The videos queued in <c>search_backlog_batches</c>: each row's ids as a table, then each video by key (the
    /// hints keep statistics taken while <c>videos</c> was empty from planning a scan of it, as in <see cref="BatchIds"/>).
    /// </summary>
    internal const string QueuedNewVideosSql =
        $"SELECT {VideoColumns.Select} FROM search_backlog_batches q CROSS JOIN JSON_TABLE(q.video_ids, {BatchIds.Columns} " +
        "STRAIGHT_JOIN videos v FORCE INDEX (PRIMARY) ON v.video_id = ids.id";

    private static MySqlCommand Command(MySqlConnection connection, SearchStatement statement, string suffix)
    {
        var command = new MySqlCommand(statement.Sql + suffix, connection);
        foreach (var (name, value) in statement.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}

/// <summary>How one search reads: which words drive, which are looked up, which are checked on the text.</summary>
internal sealed class SearchPlan
{
    private readonly VideoQuery query;

    private SearchPlan(VideoQuery query) => this.query = query;

    /// <summary>The driver's terms (several when the driving word starts several); empty: walk the videos.</summary>
    public IReadOnlyList<string> DriverTerms { get; private init; } = [];

    /// <summary>The other indexed words, each as the terms it starts; a candidate must have one term of each.</summary>
    public IReadOnlyList<IReadOnlyList<string>> LookupWords { get; private init; } = [];

    /// <summary>
    /// Words checked on the candidates' text: those that start more than <see cref="VideoSearch.ExpansionLimit"/> terms,
    /// and those that start a word the index leaves out (<see cref="SearchTerms.Unindexed"/>).
    /// </summary>
    public IReadOnlyList<string> BroadWords { get; private init; } = [];

    /// <summary>A word starts no term: no indexed video can match.</summary>
    public bool NoIndexedMatch { get; private init; }

    /// <summary>
    /// One driving term, looked-up words only (no channel, nothing checked on the text): the bounded walk and the
    /// page fit in one statement (<see cref="BoundedPageStatement"/>).
    /// </summary>
    public bool WalksInOneStatement => DriverTerms.Count == 1 && LookupWords.Count > 0 && BroadWords.Count == 0 && query.ChannelId is null;

    /// <summary>How many times the commonest looked-up word outnumbers the driver, by the optimizer's estimates.</summary>
    public double LookupsOutnumberDriver => LookupRatios.DefaultIfEmpty(0).Max();

    /// <summary>How many times each looked-up word (in <see cref="LookupWords"/>' order) outnumbers the driver, by the estimates.</summary>
    public IReadOnlyList<double> LookupRatios { get; private init; } = [];

    /// <summary>
    /// The share of the driver's rows expected to match every looked-up word, were the words independent: the
    /// product of the shares of videos the looked-up words are in, by the estimates (0: unknown). InnoDB's range
    /// estimates run high (about twice the count at 1,000,000 videos), so this leans towards more matches.
    /// </summary>
    public double ExpectedMatchShare { get; private init; }

    /// <summary>
    /// Whether the looked-up words are read as ranges beside the driver's rows (<see cref="LookupRangeStatement"/>)
    /// instead of a key lookup per driver row: when none is expected to hold many more rows than the driver in the
    /// same span of time. A range row costs a fraction of a key lookup (the next entry of a leaf page, not a descent
    /// from the root), so two common words read side by side cost far less than one looked up per row of the other.
    /// </summary>
    public bool IntersectsRanges => WalksInOneStatement && LookupsOutnumberDriver <= VideoSearch.RangeLookupRatio;

    /// <summary>Whether anything can reject a driver row, so that the walk must be bounded.</summary>
    public bool NeedsBudget => LookupWords.Count > 0 || BroadWords.Count > 0 || query.ChannelId is not null && DriverTerms.Count > 0;

    /// <param name="query">The query.</param>
    /// <param name="expansions">The terms each word starts.</param>
    /// <param name="estimates">Each word's rows, by the optimizer's estimate.</param>
    /// <param name="videos">The videos table's rows by its statistics; 0 when not read (one word).</param>
    public static SearchPlan Create(VideoQuery query, IReadOnlyList<List<string>> expansions, IReadOnlyList<double> estimates, double videos)
    {
        var indexed = new List<(int Word, double Estimate)>();
        var broad = new List<string>();
        for (var i = 0; i < query.Words.Count; i++)
        {
            if (expansions[i].Count > VideoSearch.ExpansionLimit(query.Words.Count) || SearchTerms.StartsUnindexedWord(query.Words[i]))
            {
                broad.Add(query.Words[i]);
            }
            else if (expansions[i].Count == 0)
            {
                return new SearchPlan(query) { NoIndexedMatch = true };
            }
            else
            {
                indexed.Add((i, estimates[i]));
            }
        }

        // The rarest drives; among equal estimates, the word that starts fewer terms (fewer ranges to read).
        var ordered = indexed
            .OrderBy(w => w.Estimate)
            .ThenBy(w => expansions[w.Word].Count)
            .ThenByDescending(w => query.Words[w.Word].Length)
            .Select(w => (Terms: (IReadOnlyList<string>)expansions[w.Word], w.Estimate))
            .ToList();
        return new SearchPlan(query)
        {
            DriverTerms = ordered.Count > 0 ? ordered[0].Terms : [],
            LookupWords = ordered.Skip(1).Select(w => w.Terms).ToList(),
            BroadWords = broad,
            LookupRatios = ordered.Skip(1).Select(w => w.Estimate / Math.Max(1, ordered[0].Estimate)).ToList(),
            ExpectedMatchShare = videos > 0 && ordered.Count > 1
                ? ordered.Skip(1).Aggregate(1.0, (share, w) => share * Math.Min(1, w.Estimate / videos))
                : 0,
        };
    }

    public bool MatchesBroadWords(VideoRecord video) =>
        BroadWords.Count == 0 || SearchTerms.Matches(BroadWords, SearchTerms.TextTerms(video.Title, video.Description));

    /// <summary>
    /// The position of the driver's last row within the budget: for each of its terms, the row at the term's
    /// share of the budget (none when the range is shorter). Index-only walks of the key's prefix.
    /// </summary>
    public SearchStatement FloorStatement(int budget)
    {
        var parameters = new Dictionary<string, object?>();
        var (descending, _) = Direction();
        string sql;
        if (DriverTerms.Count == 0)
        {
            var where = Conditions("v", parameters, after: query.After, floor: null, channelInRange: true);
            sql = $"SELECT v.published_at, v.video_id FROM videos v WHERE 1 = 1{where} " +
                  $"ORDER BY v.published_at {descending}, v.video_id {descending} LIMIT 1 OFFSET {budget - 1}";
        }
        else
        {
            var share = Math.Max(1, budget / DriverTerms.Count);
            var parts = new List<string>();
            for (var j = 0; j < DriverTerms.Count; j++)
            {
                parameters.Add($"@d{j}", DriverTerms[j]);
                // The budget counts the driver's rows whatever their channel: those are what the page walks.
                var where = Conditions("d", parameters, after: query.After, floor: null, channelInRange: null);
                parts.Add($"(SELECT d.published_at, d.video_id FROM video_terms d WHERE d.term = @d{j}{where} " +
                          $"ORDER BY d.published_at {descending}, d.video_id {descending} LIMIT 1 OFFSET {share - 1})");
            }

            sql = string.Join(" UNION ALL ", parts);
        }

        return new SearchStatement("search floor (the walk budget's last driver row)", sql, parameters);
    }

    /// <summary>
    /// The page in one statement: the driver's next <paramref name="budget"/> rows (a derived table, written in
    /// their order), then those every looked-up word accepts, in the order they are read, up to
    /// <paramref name="limit"/>. Not sorted again: the caller checks the order, which shows that the server read the
    /// derived table as it wrote it, so that these are the first matches and not any others.
    /// </summary>
    public SearchStatement BoundedPageStatement(VideoPosition? after, int budget, int limit)
    {
        var parameters = new Dictionary<string, object?> { ["@limit"] = limit, ["@d0"] = DriverTerms[0] };
        var (descending, _) = Direction();
        var where = Conditions("d", parameters, after, floor: null, channelInRange: null);
        // The lookups are a column filtered by HAVING, never a semi-join: the derived table stays the one table read,
        // row by row, and the reading stops at the limit. STRAIGHT_JOIN keeps the page's order through the join.
        var lookups = Lookups("p", parameters)[" AND ".Length..];
        return new SearchStatement(
            "search page (the budget's driver rows, other words looked up by key, in one statement)",
            $"SELECT {VideoColumns.Select} FROM (SELECT p.published_at, p.video_id, ({lookups}) AS m FROM (" +
            $"SELECT d.published_at, d.video_id FROM video_terms d WHERE d.term = @d0{where} " +
            $"ORDER BY d.published_at {descending}, d.video_id {descending} LIMIT {budget}) p HAVING m LIMIT @limit) page " +
            "STRAIGHT_JOIN videos v ON v.video_id = page.video_id",
            parameters);
    }

    /// <summary>The driver's next <paramref name="budget"/> rows, index only, in page order.</summary>
    public SearchStatement DriverRowsStatement(VideoPosition? after, int budget) =>
        TermRowsStatement("search driver rows (the walk budget's rows of the rarest word, index only)", "d", "@d0", DriverTerms[0], after, budget);

    /// <summary>
    /// The first <paramref name="limit"/> rows in page order of looked-up word <paramref name="word"/> (of one term)
    /// after <paramref name="after"/>, index only: read before the driver's last row is known, so they may stop
    /// short of it or run past it (<see cref="VideoSearch"/>, a chunk read with the probe).
    /// </summary>
    public SearchStatement LookupHeadStatement(int word, VideoPosition? after, int limit) =>
        TermRowsStatement(
            "search lookup head (a looked-up word's first rows in page order, read with the probe, index only)",
            "y", $"@y{word}", LookupWords[word].Single(), after, limit);

    /// <summary>One term's first <paramref name="limit"/> rows after <paramref name="after"/>, in page order, index only.</summary>
    private SearchStatement TermRowsStatement(string label, string alias, string name, string term, VideoPosition? after, int limit)
    {
        var parameters = new Dictionary<string, object?> { [name] = term };
        var (descending, _) = Direction();
        var where = Conditions(alias, parameters, after, floor: null, channelInRange: null);
        return new SearchStatement(
            label,
            $"SELECT {alias}.published_at, {alias}.video_id FROM video_terms {alias} WHERE {alias}.term = {name}{where} " +
            $"ORDER BY {alias}.published_at {descending}, {alias}.video_id {descending} LIMIT {limit}",
            parameters);
    }

    /// <summary>
    /// The videos of looked-up word <paramref name="word"/> after <paramref name="after"/> and up to the driver's
    /// last row <paramref name="floor"/>, index only, at most <paramref name="limit"/> of them.
    /// </summary>
    public SearchStatement LookupRangeStatement(int word, VideoPosition? after, VideoPosition floor, int limit)
    {
        var parameters = new Dictionary<string, object?> { ["@limit"] = limit };
        var terms = LookupWords[word];
        var names = terms.Select((term, j) => (Name: $"@x{j}", Term: term)).ToList();
        foreach (var (name, term) in names)
        {
            parameters[name] = term;
        }

        var match = names.Count == 1 ? $"x.term = {names[0].Name}" : $"x.term IN ({string.Join(", ", names.Select(n => n.Name))})";
        var where = Conditions("x", parameters, after, floor, channelInRange: null);
        return new SearchStatement(
            "search lookup range (a looked-up word's rows beside the driver's, index only)",
            $"SELECT x.video_id FROM video_terms x WHERE {match}{where} LIMIT @limit",
            parameters);
    }

    /// <summary>
    /// Per looked-up word, one of its terms on the candidate's (published_at, video_id), by key: an EXISTS per term,
    /// OR-ed. A single EXISTS with <c>term IN (…)</c> is planned as a range over every row of those terms (the
    /// candidate's columns are not constants when the range is built): at 1,000,000 videos "quantum foot", whose
    /// "foot" starts five terms, took 1.7 s a page that way.
    /// </summary>
    private string Lookups(string alias, Dictionary<string, object?> parameters)
    {
        var lookups = new StringBuilder();
        for (var i = 0; i < LookupWords.Count; i++)
        {
            var terms = LookupWords[i];
            var names = new List<string>();
            for (var j = 0; j < terms.Count; j++)
            {
                parameters.TryAdd($"@x{i}_{j}", terms[j]);
                names.Add($"@x{i}_{j}");
            }

            var exists = names.Select((name, j) =>
                $"EXISTS (SELECT 1 FROM video_terms x{i}_{j} WHERE x{i}_{j}.term = {name} AND x{i}_{j}.published_at = {alias}.published_at AND x{i}_{j}.video_id = {alias}.video_id)");
            lookups.Append(names.Count == 1 ? $" AND {exists.Single()}" : $" AND ({string.Join(" OR ", exists)})");
        }

        return lookups.ToString();
    }

    /// <summary>
    /// The page's candidates after <paramref name="after"/> and up to <paramref name="floor"/>: the driver's rows
    /// that every looked-up word (and the channel) accepts, joined to their videos. The last column, <c>walked_at</c>,
    /// is the walked row's publish time (an index row of a queued video may hold an older one than its video).
    /// </summary>
    public SearchStatement PageStatement(VideoPosition? after, VideoPosition? floor, int limit)
    {
        var parameters = new Dictionary<string, object?> { ["@limit"] = limit };
        var (descending, _) = Direction();
        if (DriverTerms.Count == 0)
        {
            var where = Conditions("v", parameters, after, floor, channelInRange: true);
            return new SearchStatement(
                "search page (the videos walked, broad words checked on their text)",
                $"SELECT {VideoColumns.Select}, v.published_at AS walked_at FROM videos v WHERE 1 = 1{where} ORDER BY v.published_at {descending}, v.video_id {descending} LIMIT @limit",
                parameters);
        }

        var lookups = Lookups("d", parameters);

        var branches = new List<string>();
        for (var j = 0; j < DriverTerms.Count; j++)
        {
            parameters.Add($"@d{j}", DriverTerms[j]);
            var join = query.ChannelId is null ? "" : " JOIN videos c ON c.video_id = d.video_id";
            var where = Conditions("d", parameters, after, floor, channelInRange: false);
            branches.Add($"SELECT d.published_at, d.video_id FROM video_terms d{join} WHERE d.term = @d{j}{where}{lookups} " +
                         $"ORDER BY d.published_at {descending}, d.video_id {descending} LIMIT @limit");
        }

        // Several terms: each term's range newest first, merged; a video with two of them is one candidate.
        var inner = branches.Count == 1
            ? branches[0]
            : string.Join(" UNION ", branches.Select(b => $"({b})")) + $" ORDER BY published_at {descending}, video_id {descending} LIMIT @limit";
        return new SearchStatement(
            "search page (the driver's rows up to the floor, other words looked up by key)",
            $"SELECT {VideoColumns.Select}, page.published_at AS walked_at FROM ({inner}) page JOIN videos v ON v.video_id = page.video_id " +
            $"ORDER BY page.published_at {descending}, page.video_id {descending}",
            parameters);
    }

    private (string Descending, string Comparison) Direction() =>
        query.Order == SortOrder.NewestFirst ? ("DESC", "<") : ("ASC", ">");

    /// <summary>
    /// The channel, time bounds, keyset start and floor, on the alias that is walked. Walking videos, the channel is
    /// part of the range (its index: <paramref name="channelInRange"/> true); walking terms, a join to the video checks
    /// it (false); null leaves it out.
    /// </summary>
    private string Conditions(string alias, Dictionary<string, object?> parameters, VideoPosition? after, VideoPosition? floor, bool? channelInRange)
    {
        var (_, comparison) = Direction();
        var sql = new StringBuilder();
        if (query.ChannelId is not null && channelInRange is { } inRange)
        {
            sql.Append(inRange ? $" AND {alias}.channel_id = @channel" : " AND c.channel_id = @channel");
            parameters.TryAdd("@channel", query.ChannelId);
        }

        if (query.PublishedAfter is { } from)
        {
            sql.Append($" AND {alias}.published_at >= @from");
            parameters.TryAdd("@from", from);
        }

        if (query.PublishedBefore is { } before)
        {
            sql.Append($" AND {alias}.published_at < @before");
            parameters.TryAdd("@before", before);
        }

        if (after is { } position)
        {
            sql.Append($" AND ({alias}.published_at {comparison} @pos_at OR ({alias}.published_at = @pos_at AND {alias}.video_id {comparison} @pos_id))");
            parameters["@pos_at"] = position.PublishedAt;
            parameters["@pos_id"] = position.VideoId;
        }

        if (floor is { } stop)
        {
            // Up to and including the floor: the opposite comparison, or equal.
            var back = comparison == "<" ? ">" : "<";
            sql.Append($" AND ({alias}.published_at {back} @floor_at OR ({alias}.published_at = @floor_at AND {alias}.video_id {back}= @floor_id))");
            parameters["@floor_at"] = stop.PublishedAt;
            parameters["@floor_id"] = stop.VideoId;
        }

        return sql.ToString();
    }
}

/// <summary>The page's order on (published_at, video_id); video ids compare as the ascii_bin column does.</summary>
internal sealed class PageOrder(SortOrder order) : IComparer<VideoRecord>
{
    public int Compare(VideoRecord? x, VideoRecord? y) => Compare(x!, y!.PublishedAt, y.VideoId);

    /// <summary>Negative when the video comes before the position in this order, positive when after.</summary>
    public int Compare(VideoRecord video, DateTime publishedAt, string videoId) =>
        Compare(new VideoPosition(video.PublishedAt, video.VideoId), new VideoPosition(publishedAt, videoId));

    public int Compare(VideoPosition x, VideoPosition y)
    {
        var ascending = x.PublishedAt != y.PublishedAt
            ? x.PublishedAt.CompareTo(y.PublishedAt)
            : string.CompareOrdinal(x.VideoId, y.VideoId);
        return order == SortOrder.NewestFirst ? -ascending : ascending;
    }
}
