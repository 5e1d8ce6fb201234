namespace YouTubeFeed.Worker.Coverage;

/// <summary>
/// What the Worker knows of one query, kept in <c>ingestion_state.ledger</c>: which publish times it has read, and
/// which it has read again once they were old enough that YouTube's late indexing is over (one
/// <see cref="ReadCoverage"/> per late-sweep age), where the backfill ended, the publish times recently seen (to
/// aim a request just below what must be covered), and the learned publish rate.
/// </summary>
/// <remarks>
/// A video YouTube lists d after its publish time P is stored by the first read of P made at or after P + d. So a
/// query's guarantee is what its coverages say: every instant at or before <c>Aged(LateWindow).Settled</c> was read
/// when it was at least <c>LateWindow</c> old, and every video listed within that window is stored.
/// </remarks>
public sealed class QueryLedger
{
    /// <summary>Anchors older than the oldest sweep frontier by more than this are forgotten.</summary>
    private static readonly TimeSpan AnchorMargin = TimeSpan.FromHours(2);

    private const int MaxAnchors = 20_000;

    private readonly SortedSet<long> anchors = [];

    public QueryLedger(string query, IReadOnlyList<TimeSpan> sweepAges)
    {
        Query = query;
        Aged = sweepAges.Distinct().Order().ToDictionary(age => age, _ => new ReadCoverage());
    }

    public string Query { get; }

    /// <summary>Where the backfill ended: nothing older is tracked. Null while the backfill is still running.</summary>
    public DateTime? Floor { get; private set; }

    /// <summary>Publish times read at least once.</summary>
    public ReadCoverage Read { get; private set; } = new();

    /// <summary>Per late-sweep age: publish times read when they were at least that old.</summary>
    public Dictionary<TimeSpan, ReadCoverage> Aged { get; private set; }

    /// <summary>When each sweep age was last swept.</summary>
    public Dictionary<TimeSpan, DateTime> LastSweepAt { get; } = [];

    public PublishRate Rate { get; set; } = new();

    /// <summary>Videos the late sweeps have seen, and of those the ones they found new (listed late): a decaying count.</summary>
    public LateCount Late { get; set; } = new();

    /// <summary>When the query was first read.</summary>
    public DateTime? FirstReadAt { get; set; }

    /// <summary>When the head (new videos) was last read.</summary>
    public DateTime? LastHeadAt { get; set; }

    /// <summary>The newest publish instant read (the watermark).</summary>
    public DateTime? Top => Read.Top;

    public bool IsBackfilling => Floor is null;

    public IReadOnlyCollection<long> Anchors => anchors;

    /// <summary>Records that every video YouTube listed at <paramref name="readAt"/> within <paramref name="span"/> has been seen.</summary>
    public void RecordRead(Span span, DateTime readAt)
    {
        if (span.IsEmpty)
        {
            return;
        }

        Read.Add(span);
        foreach (var (age, coverage) in Aged)
        {
            var cap = readAt - age;
            coverage.Add(span with { High = span.High < cap ? span.High : cap });
        }

        if (Read.Settled is { } settled && Floor is { } floor)
        {
            Rate.Close(floor, settled);
        }
    }

    /// <summary>
    /// Ends the backfill at <paramref name="floor"/>: nothing older is read now. The late sweeps still start a full
    /// late window before the first read (<paramref name="firstReadAt"/>), so that a video published shortly before the
    /// Worker first read the query, and listed after, is found like any other late video.
    /// </summary>
    public void SetFloor(DateTime floor, DateTime firstReadAt)
    {
        Floor = floor;
        Read.Settle(floor);
        var lateStart = Aged.Count == 0 ? floor : firstReadAt - Aged.Keys.Max();
        foreach (var coverage in Aged.Values)
        {
            coverage.Settle(lateStart < floor ? lateStart : floor);
        }

        if (Read.Settled is { } settled)
        {
            Rate.Close(floor, settled);
        }
    }

    /// <summary>Unread holes below the top, newest first (only once the backfill has set the floor).</summary>
    public IReadOnlyList<Span> Gaps() => Top is { } top ? Read.Holes(top).ToList() : [];

    /// <summary>
    /// What a sweep of <paramref name="age"/> has to read at <paramref name="now"/>: from its frontier up to
    /// <c>now - age</c>, stopping at the first stretch already read at that age. Null when nothing is due.
    /// </summary>
    public Span? DueSweep(TimeSpan age, DateTime now)
    {
        if (!Aged.TryGetValue(age, out var coverage) || coverage.Settled is not { } frontier)
        {
            return null;
        }

        var ceiling = now - age;
        var hole = coverage.Holes(ceiling).LastOrDefault();
        return hole.IsEmpty || hole.Low != frontier ? null : hole;
    }

    public void AddSeen(IEnumerable<DateTime> publishTimes)
    {
        foreach (var time in publishTimes)
        {
            anchors.Add(ToSeconds(time));
        }

        var oldestFrontier = Aged.Values.Select(c => c.Settled).Append(Read.Settled).OfType<DateTime>().DefaultIfEmpty(DateTime.MinValue).Min();
        if (oldestFrontier > DateTime.MinValue + AnchorMargin)
        {
            var keepFrom = ToSeconds(oldestFrontier - AnchorMargin);
            anchors.RemoveWhere(a => a < keepFrom);
        }

        while (anchors.Count > MaxAnchors)
        {
            anchors.Remove(anchors.Min);
        }
    }

    /// <summary>Forgets seen publish times within <paramref name="span"/> that a complete read of it did not find again (deleted videos).</summary>
    public void ForgetUnseen(Span span, IReadOnlySet<long> seen)
    {
        var (low, high) = (ToSeconds(span.Low), ToSeconds(span.High));
        if (low < high)
        {
            anchors.RemoveWhere(a => a > low && a <= high && !seen.Contains(a));
        }
    }

    /// <summary>
    /// The <c>publishedAfter</c> for a read that must cover down to <paramref name="low"/>: a known publish time at
    /// or below it, so that seeing that video proves the read reached the bottom without another call; then
    /// <paramref name="extra"/> more known videos lower, to re-read them for free on a page that has room.
    /// </summary>
    public DateTime RequestAfterFor(DateTime low, int extra)
    {
        var at = ToSeconds(low);
        var below = anchors.GetViewBetween(long.MinValue, at).Reverse().Take(extra + 1).ToList();
        return below.Count == 0 ? low : FromSeconds(below[^1]);
    }

    /// <summary>
    /// The oldest part of <paramref name="span"/> that holds <paramref name="count"/> known videos (all of it when it
    /// holds fewer): a read of it fits on a page.
    /// </summary>
    public Span Truncate(Span span, int count)
    {
        var (low, high) = (ToSeconds(span.Low) + 1, ToSeconds(span.High));
        if (low > high)
        {
            return span;
        }

        var within = anchors.GetViewBetween(low, high);
        return within.Count <= count ? span : span with { High = FromSeconds(within.ElementAt(count - 1)) };
    }

    /// <summary>How many known videos lie within <paramref name="span"/>.</summary>
    public int KnownWithin(Span span)
    {
        var (low, high) = (ToSeconds(span.Low) + 1, ToSeconds(span.High));
        return low > high ? 0 : anchors.GetViewBetween(low, high).Count;
    }

    internal void Restore(DateTime? floor, ReadCoverage read, Dictionary<TimeSpan, ReadCoverage> aged, IEnumerable<long> seen)
    {
        Floor = floor;
        Read = read;
        foreach (var age in Aged.Keys.ToList())
        {
            Aged[age] = aged.TryGetValue(age, out var coverage) ? coverage : ReadCoverage.From(floor, []);
        }

        foreach (var second in seen)
        {
            anchors.Add(second);
        }
    }

    public static long ToSeconds(DateTime instant) => (long)Math.Floor((instant - DateTime.UnixEpoch).TotalSeconds);

    public static DateTime FromSeconds(long seconds) => DateTime.UnixEpoch.AddSeconds(seconds);
}

/// <summary>What the late sweeps of a query find: the share of late-listed videos, learned.</summary>
public sealed class LateCount
{
    /// <summary>Below this many videos swept, the share is not known yet.</summary>
    private const double Known = 40;

    public double Swept { get; set; }

    public double Found { get; set; }

    /// <summary>The share of swept videos that were new, or null until enough were swept.</summary>
    public double? Share => Swept >= Known ? Found / Swept : null;

    public void Add(int swept, int found)
    {
        Swept += swept;
        Found += found;
        if (Swept > 20 * Known)
        {
            // Old sweeps count less and less: a query whose late indexing changes is relearned within days.
            Swept /= 2;
            Found /= 2;
        }
    }
}
