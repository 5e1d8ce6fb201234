using System.Globalization;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// The first chunk of a range intersection (<see cref="VideoSearch"/>), planned from what the last probe of the same
/// words saw (<see cref="SearchWordFacts"/>) and read in the probe's own round trip: the driver's rows, and beside them
/// the first rows in page order of each looked-up word, as many as the last intersection of the two terms (or else
/// the estimates) say the driver's span holds, and a margin.
/// </summary>
/// <remarks>
/// A search of two words each in a few percent of the videos is four short statements: the probe, the driver's rows,
/// the other word's rows over their span, the matches' videos. Here the first three are one round trip
/// (docs/benchmarks.md has what that saves), and so is the fourth when the same first page was searched before: the
/// videos it held then are read on that guess, and afterwards only the matches not among them. The looked-up word's
/// rows are read before the driver's last row is known, so its head may stop before that row (the rest of the span is
/// then read as before) or run past it (those rows are not used).
/// </remarks>
internal sealed class EarlyChunk
{
    private EarlyChunk(SearchPlan plan, List<string>[] terms, int chunk, int[] headLimits, string[]? guess, VideoQuery query)
    {
        Plan = plan;
        Terms = terms;
        Chunk = chunk;
        HeadLimits = headLimits;
        Guess = guess ?? [];
        Statements = [plan.DriverRowsStatement(query.After, chunk), .. headLimits.Select((limit, word) => plan.LookupHeadStatement(word, query.After, limit))];
        if (Guess.Count > 0)
        {
            Statements = [.. Statements, VideoSearch.ByIdsStatement(Guess, "search page guessed (the videos the same first page held last time, by key)", "@g")];
        }
    }

    /// <summary>The plan, made from the facts last seen.</summary>
    public SearchPlan Plan { get; }

    /// <summary>The driver rows the chunk reads.</summary>
    public int Chunk { get; }

    /// <summary>The words' estimates the plan was made with, then the videos table's (as the probe reads them).</summary>
    public double[] Estimates { get; private init; } = [];

    /// <summary>Whether <see cref="Estimates"/> are young enough to plan with (the probe then reads none).</summary>
    public bool EstimatesFresh { get; private init; }

    /// <summary>The rows each looked-up word's head reads.</summary>
    public IReadOnlyList<int> HeadLimits { get; }

    /// <summary>The videos the same first page held last time (none when unknown or for a later page), read with the chunk.</summary>
    public IReadOnlyList<string> Guess { get; }

    private List<string>[] Terms { get; }

    private IReadOnlyList<SearchStatement> Statements { get; }

    /// <summary>
    /// The early chunk of a search of several words that were all probed before, when their last probe plans an
    /// intersection of ranges with one term to each looked-up word (a head is read in page order, which several terms'
    /// rows are not); otherwise null, and the search plans after its probe.
    /// </summary>
    public static EarlyChunk? TryPlan(VideoQuery query, SearchWordFacts facts)
    {
        if (query.Words.Count < 2 || facts.QueuedSeen || !facts.TryRecall(query.Words, out var terms, out var estimates, out var videos, out var fresh))
        {
            return null;
        }

        var plan = SearchPlan.Create(query, terms, estimates, videos);
        if (!plan.IntersectsRanges || plan.LookupWords.Any(word => word.Count != 1))
        {
            return null;
        }

        var seen = plan.LookupWords.Select(word => facts.RecallRatio(plan.DriverTerms[0], word[0])).ToList();
        if (seen.Any(ratio => ratio > VideoSearch.RangeLookupRatio))
        {
            // The last intersection of these terms was abandoned for the key lookups: so would this one be.
            return null;
        }

        var chunk = VideoSearch.FirstIntersectChunk(plan.ExpectedMatchShare, query.Limit);
        var most = (int)Math.Ceiling(VideoSearch.RangeLookupRatio * chunk) + 1;
        var heads = plan.LookupRatios
            .Select((estimated, word) => seen[word] is { } learned ? learned * VideoSearch.LearnedHeadMargin : estimated * VideoSearch.LookupHeadMargin)
            .Select(ratio => (int)Math.Clamp(Math.Ceiling(chunk * ratio), VideoSearch.MinIntersectChunk, most))
            .ToArray();
        return new EarlyChunk(plan, terms, chunk, heads, query.After is null ? facts.RecallPage(PageKey(query)) : null, query)
        {
            Estimates = [.. estimates, videos],
            EstimatesFresh = fresh,
        };
    }

    /// <summary>
    /// What identifies the first page of a search for <see cref="SearchWordFacts.RememberPage"/>: everything it asks
    /// for (only first pages are kept, so no cursor).
    /// </summary>
    public static string PageKey(VideoQuery query) => string.Create(CultureInfo.InvariantCulture,
        $"{string.Join(' ', query.Words)}|{query.Order}|{query.Limit}|{query.ChannelId}|{query.PublishedAfter?.Ticks}|{query.PublishedBefore?.Ticks}|" +
        $"{query.MinDurationSeconds}|{query.MaxDurationSeconds}|{query.Shorts}|{query.Live}");

    /// <summary>Whether the probe found every word starting the same terms as the plan was made with.</summary>
    public bool Holds(IReadOnlyList<List<string>> expansions) =>
        expansions.Count == Terms.Length && Terms.Zip(expansions).All(pair => pair.First.SequenceEqual(pair.Second, StringComparer.Ordinal));

    /// <summary>The probe followed by the chunk's statements, one batch.</summary>
    public SearchStatement AppendTo(SearchStatement probe)
    {
        var parameters = new Dictionary<string, object?>(probe.Parameters);
        foreach (var (name, value) in Statements.SelectMany(statement => statement.Parameters))
        {
            // The statements share their bounds' names (@pos_at, @from…), each with the query's own value.
            parameters[name] = value;
        }

        return new SearchStatement(
            probe.Label + ", and the first chunk of a search planned before (the driver's rows, each looked-up word's head" +
                (Guess.Count > 0 ? ", the videos its page held last time)" : ")"),
            string.Join("; ", Statements.Select(statement => statement.Sql).Prepend(probe.Sql)),
            parameters);
    }
}

/// <summary>
/// The rows an <see cref="EarlyChunk"/> read: the driver's, and each looked-up word's head, in page order; and the
/// videos of its <see cref="EarlyChunk.Guess"/>.
/// </summary>
internal sealed record EarlyRows(EarlyChunk Early, List<VideoPosition> Driver, List<VideoPosition>[] Heads, List<VideoRecord> Guessed);
