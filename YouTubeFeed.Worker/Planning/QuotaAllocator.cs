namespace YouTubeFeed.Worker.Planning;

/// <summary>What one query asks of the day, as the allocator sees it.</summary>
/// <param name="Rate">Expected videos per hour at an instant (learned, with the day's rhythm).</param>
/// <param name="BacklogPages">Pages its unread gaps (and an unfinished backfill) are expected to take.</param>
/// <param name="LateShare">The share of its videos YouTube lists late, as its sweeps found it (null: not known yet).</param>
/// <param name="LastHeadAt">When its new videos were last read (null: not known; its reads are then costed as spread evenly).</param>
public sealed record QueryDemand(string Query, Func<DateTime, double> Rate, double BacklogPages, double? LateShare = null, DateTime? LastHeadAt = null);

/// <summary>
/// Divides the calls left until the reset among queries and time. In order: (1) read every video of as many
/// queries as possible, quietest first, at full pages; (2) pay for their late sweep at the guarantee age, so that
/// nothing YouTube lists late is lost; (3) a query the calls cannot read whole gets what is left, one full page at a
/// time; (4) with calls to spare, pay for the shorter sweep ages (late videos sooner), then for freshness, reading
/// busy hours more often than quiet ones. Step 3 minimises the total
/// publish-to-stored delay: reading a query every h costs about 1/h calls and delays its videos by h/2 on average,
/// which gives h proportional to 1/sqrt(rate), scaled until the calls are spent.
/// </summary>
public static class QuotaAllocator
{
    /// <summary>
    /// New videos a read aims for on its first page: below the 50 a page holds, since the count in an interval varies
    /// (a Poisson count of 42 exceeds 48 about one time in six) and the overlap it re-reads takes room too.
    /// </summary>
    public const double PageFill = 42;

    /// <summary>
    /// New videos a read of a query that cannot be read whole waits for at least: a page's worth. Fewer calls than reads
    /// at this pace spread the reads further apart (<see cref="QueryPlan.Stretched"/>), each then finding more than a
    /// page; more calls leave the rest for its unread gaps. (Waiting for 60 left S2's busy query just short of a read
    /// every 60 on some hours and not on others, and the calls of the hours it was not went to days-old gaps.)
    /// </summary>
    public const double PartialPage = 50;

    /// <summary>Calls a one-page read of a query that cannot be read whole takes on average: short and empty pages
    /// let it go on for up to two more (see <c>SpanReader</c>).</summary>
    public const double PartialReadCost = 1.1;

    /// <summary>Results per page YouTube returns at most.</summary>
    public const double PageSize = 47;

    public static readonly TimeSpan SlotLength = TimeSpan.FromMinutes(30);

    /// <summary>How long a fully read query waits between reads on a day the calls cannot read everything.</summary>
    public static readonly TimeSpan ThriftyInterval = TimeSpan.FromHours(6);

    /// <summary>
    /// On a day the calls cannot read whole, a read of a query read whole that falls due this close to the reset waits
    /// for it. Such a read is big (hours of new videos): made just before the reset it takes the day's last calls and
    /// leaves the busy query unread until the reset (the simulated S2 day went dark 76 minutes early so, after four
    /// warm-up days; 23 minutes with another seed). Made at the reset it costs the same calls, from the new day.
    /// </summary>
    public static TimeSpan WaitForReset(TimeSpan interval) => interval / 2;

    /// <summary>The longest time between two reads of a query whose rate is near zero.</summary>
    public static readonly TimeSpan LongestInterval = TimeSpan.FromHours(12);

    private const int GridPoints = 28;

    public static QuotaPlan Allocate(
        DateTime now,
        DateTime reset,
        int callsLeft,
        IReadOnlyList<QueryDemand> demands,
        PlannerOptions options)
    {
        var horizon = reset > now ? reset - now : TimeSpan.FromMinutes(1);
        var slotCount = (int)Math.Max(1, Math.Ceiling(horizon / SlotLength));
        var slots = Enumerable.Range(0, slotCount)
            .Select(i =>
            {
                var start = now + (SlotLength * i);
                var end = i == slotCount - 1 ? now + horizon : start + SlotLength;
                return (Start: start, Length: end - start);
            })
            .ToArray();

        var queries = demands.Select(d =>
        {
            var rates = slots.Select(s => Math.Max(0.01, d.Rate(s.Start + (s.Length / 2)))).ToArray();
            var full = rates.Select(r => Clamp(TimeSpan.FromHours(PageFill / r), options.FetchInterval, LongestInterval)).ToArray();
            var thrifty = rates.Select((r, i) => full[i] > ThriftyInterval ? full[i] : ThriftyInterval).ToArray();
            var sweepCosts = options.SweepAges.ToDictionary(age => age, age => SweepCost(slots, rates, age, options));
            return new Draft(d.Query, rates, full, thrifty, d.BacklogPages, sweepCosts, slots) { LateShare = d.LateShare, LastHeadAt = d.LastHeadAt };
        }).ToList();

        double budget = callsLeft;

        // A day the calls cannot read whole is read thriftily: the queries that are read whole are read in a few big
        // reads (each read's last page is only partly full, so fewer reads waste less), leaving the most for the rest.
        var guarantee = options.SweepAges.DefaultIfEmpty(TimeSpan.Zero).Max();
        var plentiful = queries.Sum(q => q.ReadCost + (guarantee > TimeSpan.Zero ? q.SweepCosts[guarantee] : 0)) <= budget;
        if (!plentiful)
        {
            foreach (var query in queries)
            {
                query.UseIntervals(query.ThriftyIntervals);
                query.CostReadsWhereDue = true;
            }
        }

        // 1. Whole reads, quietest first; the first query that does not fit shares what is left with the rest.
        var ordered = queries.OrderBy(q => q.ReadCost).ToList();
        var unfunded = new List<Draft>();
        foreach (var query in ordered)
        {
            if (unfunded.Count == 0 && query.ReadCost <= budget)
            {
                query.Funding = Funding.Full;
                query.Planned = query.ReadCost;
                budget -= query.ReadCost;
            }
            else
            {
                query.Funding = Funding.Partial;
                unfunded.Add(query);
            }
        }

        // 2. The late sweep at the guarantee age, for every query read whole: without it, what YouTube lists late is
        // lost. The shorter ages only make late videos arrive sooner, so they wait for spare calls (step 4).
        var guaranteeAge = options.SweepAges.DefaultIfEmpty(TimeSpan.Zero).Max();
        if (guaranteeAge > TimeSpan.Zero)
        {
            // On a day the calls cannot read everything, a sweep that has found nothing late is a page of new videos lost.
            FundSweeps(queries, guaranteeAge, ref budget, onlyWhereLate: unfunded.Count > 0);
        }

        // 3. What is left goes to the queries that cannot be read whole, in proportion to need. Their new videos are
        // read a full page at a time, whenever a page of them has come (often when busy, rarely when quiet); the rest
        // of their calls read their unread gaps, newest first, a full page each (see QuotaPlanner).
        var partialTotal = unfunded.Sum(q => q.ReadCost);
        foreach (var query in unfunded)
        {
            query.Planned = partialTotal > 0 ? budget * query.ReadCost / partialTotal : 0;
            var pageInterval = query.Rates.Select(r => Clamp(TimeSpan.FromHours(PartialPage / r), options.FetchInterval, LongestInterval)).ToArray();
            var headReads = slots.Select((s, i) => s.Length / pageInterval[i]).Sum();
            var reads = query.Planned / PartialReadCost;
            // Fewer calls than a page of new videos needs: space the reads out so that each still brings a full page.
            var stretch = reads <= 0 ? double.PositiveInfinity : Math.Max(1, headReads / reads);
            query.Stretched = stretch > 1;
            query.Intervals = pageInterval
                .Select(h => double.IsInfinity(stretch) || h * stretch > LongestInterval ? LongestInterval : Clamp(h * stretch, options.FetchInterval, LongestInterval))
                .ToArray();
        }

        if (unfunded.Count > 0)
        {
            budget = 0;
        }

        // 4. Spare calls: the shorter sweep ages, then freshness.
        foreach (var age in options.SweepAges.Where(a => a != guaranteeAge).OrderDescending())
        {
            FundSweeps(queries, age, ref budget, onlyWhereLate: true);
        }

        // Freshness: shorter intervals for the fully read queries, until the rest of the calls is spent.
        var full = queries.Where(q => q.Funding == Funding.Full).ToList();
        if (full.Count > 0)
        {
            SpendOnFreshness(full, slots, budget, options);
        }

        var plans = queries.ToDictionary(
            q => q.Query,
            q => new QueryPlan(
                q.Query, q.Funding, q.Intervals, q.Sweeps, q.Planned, q.Rates[0],
                q.Funding == Funding.Partial
                    ? slots.Select((s, i) => PartialReadCost * (s.Length / q.Intervals[i])).ToArray()
                    : q.DueReadCalls(q.Intervals),
                q.Stretched),
            StringComparer.Ordinal);
        return new QuotaPlan(now, SlotLength, reset, callsLeft, plans, Thrifty: !plentiful);
    }

    /// <summary>Below this share of late videos, a query's sweeps are judged to find nothing.</summary>
    public const double LittleLate = 0.005;

    private static void FundSweeps(List<Draft> queries, TimeSpan age, ref double budget, bool onlyWhereLate)
    {
        foreach (var query in queries.Where(q => q.Funding == Funding.Full).OrderBy(q => q.SweepCosts[age]))
        {
            if (onlyWhereLate && query.LateShare is { } share && share < LittleLate)
            {
                continue;
            }

            if (query.SweepCosts[age] <= budget)
            {
                query.Sweeps.Add(age);
                query.Planned += query.SweepCosts[age];
                budget -= query.SweepCosts[age];
            }
        }
    }

    /// <summary>
    /// Calls a slot costs when the query is read every <paramref name="interval"/>: each read takes as many pages as its
    /// new videos (a Poisson count) and the overlap it re-reads need, the last page only partly full.
    /// </summary>
    public static double Cost(TimeSpan slot, TimeSpan interval, double ratePerHour) =>
        slot / interval * ExpectedPages(ratePerHour * interval.TotalHours);

    /// <summary>Expected pages of 50 for a Poisson count of <paramref name="mean"/> new videos and a couple re-read.</summary>
    public static double ExpectedPages(double mean)
    {
        const double reread = 2, page = 50;
        double pages = 1;
        var sd = Math.Sqrt(Math.Max(mean, 1));
        for (var k = 1; k < (mean / page) + 6; k++)
        {
            // P(N + reread > k pages), with N normal around its mean (good enough for a plan).
            var z = ((k * page) - reread + 0.5 - mean) / sd;
            pages += 0.5 * Erfc(z / Math.Sqrt(2));
        }

        return pages;
    }

    // Abramowitz and Stegun 7.1.26: plenty for a plan.
    private static double Erfc(double x)
    {
        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        var t = 1 / (1 + (0.3275911 * x));
        var y = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        return y * Math.Exp(-x * x);
    }

    private static void SpendOnFreshness(List<Draft> full, (DateTime Start, TimeSpan Length)[] slots, double spare, PlannerOptions options)
    {
        // Costed with each read spread evenly over its interval, as the intervals it compares are: a read's cost lands
        // in one slot or the next as the interval shifts, which would make the total jump and the search stall.
        var baseline = full.Sum(q => q.SpreadHeadCost);
        TimeSpan[] IntervalsAt(Draft query, double mu) =>
            [.. slots.Select((s, i) => Best(query, i, s.Length, mu, options.FetchInterval))];
        double CostAt(double mu) => full.Sum(q => q.SpreadCalls(IntervalsAt(q, mu)).Sum());

        // The price of a call in video-hours of delay: high enough that the plan fits the calls left. None when reading
        // every query at FetchInterval fits: a quota that allows it is spent on reading as often as that, quiet queries
        // too (the search's smallest price read a query of a video an hour every 5 s, a quieter one every minute).
        double low = 1e-6, high = 1e9;
        if (CostAt(0) - baseline <= spare)
        {
            high = 0;
        }
        else if (CostAt(low) - baseline <= spare)
        {
            high = low;
        }
        else
        {
            for (var i = 0; i < 60; i++)
            {
                var mid = Math.Sqrt(low * high);
                if (CostAt(mid) - baseline <= spare)
                {
                    high = mid;
                }
                else
                {
                    low = mid;
                }
            }
        }

        foreach (var query in full)
        {
            query.Intervals = IntervalsAt(query, high);
            query.Planned += query.SpreadCalls(query.Intervals).Sum() - query.SpreadHeadCost;
        }
    }

    // The interval that minimises delay plus mu times calls within one slot, among a geometric grid from the
    // shortest allowed interval to the full-page one.
    private static TimeSpan Best(Draft query, int slot, TimeSpan length, double mu, TimeSpan shortest)
    {
        var longest = query.FullIntervals[slot];
        var rate = query.Rates[slot];
        var best = longest;
        var bestScore = double.MaxValue;
        var ratio = longest <= shortest ? 1 : Math.Pow(longest / shortest, 1.0 / (GridPoints - 1));
        var candidate = shortest;
        for (var i = 0; i < GridPoints; i++)
        {
            var delay = rate * length.TotalHours * candidate.TotalHours / 2;
            var score = delay + (mu * Cost(length, candidate, rate));
            if (score < bestScore)
            {
                (best, bestScore) = (candidate, score);
            }

            candidate = i == GridPoints - 2 ? longest : candidate * ratio;
        }

        return best;
    }

    // A sweep reads the publish times that reached its age, a page of about 45 known videos at a time (plus the late
    // ones it finds); a quiet query's sweep goes with fewer, at the latest when it lags its age behind.
    private static double SweepCost((DateTime Start, TimeSpan Length)[] slots, double[] rates, TimeSpan age, PlannerOptions options)
    {
        double sweeps = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            var videos = rates[i] * slots[i].Length.TotalHours;
            var atLatest = slots[i].Length / Max(age, options.LateSweepEvery);
            sweeps += Math.Max(videos / 45, atLatest);
        }

        return sweeps;
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan low, TimeSpan high) => value < low ? low : value > high ? high : value;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private sealed class Draft(
        string query,
        double[] rates,
        TimeSpan[] fullIntervals,
        TimeSpan[] thriftyIntervals,
        double backlog,
        Dictionary<TimeSpan, double> sweepCosts,
        (DateTime Start, TimeSpan Length)[] slots)
    {
        public string Query { get; } = query;
        public double[] Rates { get; } = rates;

        /// <summary>Each read about a page of new videos: the longest a fully read query waits on a plentiful day.</summary>
        public TimeSpan[] FullIntervals { get; private set; } = fullIntervals;

        /// <summary>Few, big reads, for a day the calls cannot read whole.</summary>
        public TimeSpan[] ThriftyIntervals { get; } = thriftyIntervals;

        /// <summary>Reading every new video at <see cref="FullIntervals"/> until the reset.</summary>
        public double HeadCost => DueReadCalls(FullIntervals).Sum();

        /// <summary><see cref="HeadCost"/> with each read's calls spread evenly over its interval.</summary>
        public double SpreadHeadCost => SpreadCalls(FullIntervals).Sum();

        public DateTime? LastHeadAt { get; init; }

        /// <summary>Whether <see cref="DueReadCalls"/> puts each read where it falls due: on a day the calls cannot
        /// read whole, where the queries read whole are read in a few big reads.</summary>
        public bool CostReadsWhereDue { get; set; }

        /// <summary>
        /// Calls the reads of new videos take in each slot when read at <paramref name="intervals"/>. On a day the calls
        /// cannot read whole (<see cref="CostReadsWhereDue"/>), each read in the slot where it falls due, with the pages
        /// of what came since the one before: a query read whole every six hours costs seven calls at one instant, and
        /// spreading them evenly would give the busy query, near the reset, calls that are not there (the simulated S2
        /// day went dark 81 minutes early so). Otherwise, and when the last read is not known, spread evenly: on a
        /// plentiful day reads are short and frequent, and the freshness search needs a cost that does not jump. A read
        /// that falls due near the reset on such a day waits for it (<see cref="WaitForReset"/>) and costs nothing today.
        /// </summary>
        public double[] DueReadCalls(TimeSpan[] intervals)
        {
            if (!CostReadsWhereDue || LastHeadAt is not { } last)
            {
                return SpreadCalls(intervals);
            }

            var calls = new double[slots.Length];
            var start = slots[0].Start;
            var end = slots[^1].Start + slots[^1].Length;
            var previous = last > start - LongestInterval ? last : start - intervals[0];
            var due = Max(previous + intervals[0], start);
            while (due < end)
            {
                var slot = SlotOf(due);
                if (due >= end - WaitForReset(intervals[slot]))
                {
                    // Read with the next day's calls instead (QuotaPlan.WaitsForReset).
                    break;
                }

                calls[slot] += ExpectedPages(VideosBetween(previous, due));
                previous = due;
                due += intervals[slot];
            }

            return calls;
        }

        /// <summary>Calls per slot with each read's calls spread evenly over its interval.</summary>
        public double[] SpreadCalls(TimeSpan[] intervals) => [.. intervals.Select((h, i) => Cost(slots[i].Length, h, Rates[i]))];

        private int SlotOf(DateTime instant) =>
            Math.Clamp((int)((instant - slots[0].Start) / SlotLength), 0, slots.Length - 1);

        // Expected videos published in [from, to): the slots' rates, the first slot's before the plan starts.
        private double VideosBetween(DateTime from, DateTime to) => VideosBefore(to) - VideosBefore(from);

        // Expected videos from the plan's start to the instant (negative before it); a sum of whole slots and a part.
        private double VideosBefore(DateTime instant)
        {
            if (instant <= slots[0].Start)
            {
                return Rates[0] * (instant - slots[0].Start).TotalHours;
            }

            var slot = SlotOf(instant);
            return CumulativeVideos[slot] + (Rates[slot] * (Min(instant, slots[slot].Start + slots[slot].Length) - slots[slot].Start).TotalHours);
        }

        private double[] CumulativeVideos => cumulative ??= [.. slots.Select((s, i) => slots.Take(i).Select((t, j) => Rates[j] * t.Length.TotalHours).Sum())];

        private double[]? cumulative;

        /// <summary>Reading everything: new videos and the unread backlog.</summary>
        public double ReadCost => HeadCost + backlog;

        public void UseIntervals(TimeSpan[] intervals)
        {
            FullIntervals = intervals;
            Intervals = [.. intervals];
        }

        public Dictionary<TimeSpan, double> SweepCosts { get; } = sweepCosts;
        public double? LateShare { get; init; }
        public Funding Funding { get; set; }
        public double Planned { get; set; }
        public TimeSpan[] Intervals { get; set; } = [.. fullIntervals];
        public HashSet<TimeSpan> Sweeps { get; } = [];
        public bool Stretched { get; set; }
    }
}
