namespace YouTubeFeed.Worker.Planning;

public enum Funding
{
    /// <summary>Every video of the query is read; spare calls shorten the time between its reads.</summary>
    Full,

    /// <summary>
    /// The day's calls cannot read all of the query's videos: it gets what is left after the quieter queries, one
    /// full page a read, spread evenly until the reset, and the rest of its videos is not read today.
    /// </summary>
    Partial,
}

/// <summary>The plan for one query until the quota resets.</summary>
/// <param name="Intervals">Time between reads of new videos, per slot of the plan.</param>
/// <param name="FundedSweeps">The late-sweep ages the day's calls pay for.</param>
/// <param name="PlannedCalls">Calls the plan expects this query to spend until the reset.</param>
/// <param name="RatePerHour">The query's expected publish rate now.</param>
/// <param name="HeadCalls">Calls its reads of new videos are expected to take, per slot of the plan.</param>
/// <param name="Stretched">
/// A <see cref="Funding.Partial"/> query whose calls cannot read a page of its new videos as often as one comes: its
/// reads are spread further apart, and every call it has goes to its new videos. Its old unread gaps wait for calls
/// its new videos cannot use.
/// </param>
public sealed record QueryPlan(
    string Query,
    Funding Funding,
    IReadOnlyList<TimeSpan> Intervals,
    IReadOnlySet<TimeSpan> FundedSweeps,
    double PlannedCalls,
    double RatePerHour,
    IReadOnlyList<double> HeadCalls,
    bool Stretched = false);

/// <summary>How the calls left until the reset are to be spent: made by <see cref="QuotaAllocator"/>.</summary>
/// <param name="Thrifty">
/// The calls cannot read every query whole at their page intervals: the queries read whole are read in a few big reads,
/// and one that falls due near the reset waits for it (<see cref="WaitsForReset"/>).
/// </param>
/// <param name="HeldUntil">
/// Set while the day's last calls are held for its last minutes: in its last quarter hour, the reads due may spend every
/// call left (no more than one per query), so they wait until then, read the day's newest videos, and do not leave the
/// day dark from an earlier read to the reset.
/// </param>
public sealed record QuotaPlan(
    DateTime Start,
    TimeSpan SlotLength,
    DateTime Reset,
    int CallsLeft,
    IReadOnlyDictionary<string, QueryPlan> Queries,
    bool Thrifty = false,
    DateTime? HeldUntil = null)
{
    public double PlannedCalls => Queries.Values.Sum(q => q.PlannedCalls);

    public bool IsScarce => Queries.Values.Any(q => q.Funding == Funding.Partial);

    /// <summary>
    /// Calls the reads of new videos are expected to take from <paramref name="instant"/> to the reset: what the other
    /// reads (gaps, sweeps) must leave, so that new videos are read until the end of the day.
    /// </summary>
    public double HeadCallsFrom(DateTime instant)
    {
        var position = Math.Max(0, (instant - Start) / SlotLength);
        var slot = (int)position;
        return Queries.Values.Sum(q => q.HeadCalls.Skip(slot).Sum() - (slot < q.HeadCalls.Count ? q.HeadCalls[slot] * (position - slot) : 0));
    }

    /// <summary>
    /// Whether a read of <paramref name="query"/>'s new videos due at <paramref name="instant"/> waits for the reset
    /// (<see cref="QuotaAllocator.WaitForReset"/>): on a <see cref="Thrifty"/> day, for a query read whole, near the reset.
    /// </summary>
    public bool WaitsForReset(string query, DateTime instant) =>
        Thrifty && Queries[query].Funding == Funding.Full && instant >= Reset - QuotaAllocator.WaitForReset(IntervalAt(query, instant));

    /// <summary>When <paramref name="query"/>'s new videos are read next: an interval after the last read, at the reset
    /// when that read waits for it, or when the day's last calls are held (<see cref="HeldUntil"/>).</summary>
    public DateTime NextReadAt(string query, DateTime lastRead, DateTime now)
    {
        var due = lastRead + IntervalAt(query, now);
        if (due < Reset && WaitsForReset(query, due > now ? due : now))
        {
            return Reset;
        }

        return HeldUntil is { } held && due < held ? held : due;
    }

    /// <summary>The time between reads of <paramref name="query"/>'s new videos at <paramref name="instant"/>.</summary>
    public TimeSpan IntervalAt(string query, DateTime instant)
    {
        var plan = Queries[query];
        var slot = (int)Math.Clamp((instant - Start) / SlotLength, 0, plan.Intervals.Count - 1);
        return plan.Intervals[slot];
    }
}
