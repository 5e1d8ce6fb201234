namespace YouTubeFeed.Worker.Planning;

/// <summary>What one query asks of the day, as the allocator sees it.</summary>
/// <param name="Rate">Expected videos per hour at an instant (learned, with the day's rhythm).</param>
/// <param name="BacklogPages">Pages its unread gaps (and an unfinished backfill) are expected to take.</param>
public sealed record QueryDemand(string Query, Func<DateTime, double> Rate, double BacklogPages);

/// <summary>
/// Divides the calls left until the reset among queries and time. In order: (1) read every video of as many
/// queries as possible, quietest first, at full pages; a query the calls cannot read whole gets what is left, one
/// full page at a time; (2) pay for the late sweeps of the fully read queries, the guarantee age first; (3) spend
/// what remains on freshness, reading busy hours more often than quiet ones. Step 3 minimises the total
/// publish-to-stored delay: reading a query every h costs about 1/h calls and delays its videos by h/2 on average,
/// which gives h proportional to 1/sqrt(rate), scaled until the calls are spent.
/// </summary>
public static class QuotaAllocator
{
    /// <summary>New videos a read may expect to fit on its first page, leaving room for the overlap it re-reads.</summary>
    public const double PageFill = 44;

    /// <summary>Results per page YouTube returns at most.</summary>
    public const double PageSize = 47;

    public static readonly TimeSpan SlotLength = TimeSpan.FromMinutes(30);

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
            var headCost = slots.Select((s, i) => Cost(s.Length, full[i], rates[i])).Sum();
            var sweepCosts = options.SweepAges.ToDictionary(age => age, age => SweepCost(slots, rates, age, options));
            return new Draft(d.Query, rates, full, headCost, d.BacklogPages, sweepCosts);
        }).ToList();

        double budget = callsLeft;

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
                unfunded.Add(query);
            }
        }

        var partialTotal = unfunded.Sum(q => q.ReadCost);
        foreach (var query in unfunded)
        {
            query.Funding = Funding.Partial;
            query.Planned = partialTotal > 0 ? budget * query.ReadCost / partialTotal : 0;
            var perRead = query.Planned <= 0 ? LongestInterval : horizon / query.Planned;
            query.Intervals = slots.Select(_ => Clamp(perRead, options.FetchInterval, horizon)).ToArray();
        }

        if (unfunded.Count > 0)
        {
            budget = 0;
        }

        // 2. Late sweeps of the fully read queries: the guarantee age for every query first, then the shorter ages.
        foreach (var age in options.SweepAges.OrderDescending())
        {
            foreach (var query in queries.Where(q => q.Funding == Funding.Full).OrderBy(q => q.SweepCosts[age]))
            {
                if (query.SweepCosts[age] <= budget)
                {
                    query.Sweeps.Add(age);
                    query.Planned += query.SweepCosts[age];
                    budget -= query.SweepCosts[age];
                }
            }
        }

        // 3. Freshness: shorter intervals for the fully read queries, until the rest of the calls is spent.
        var full = queries.Where(q => q.Funding == Funding.Full).ToList();
        if (full.Count > 0)
        {
            SpendOnFreshness(full, slots, budget, options);
        }

        var plans = queries.ToDictionary(
            q => q.Query,
            q => new QueryPlan(q.Query, q.Funding, q.Intervals, q.Sweeps, q.Planned, q.Rates[0]),
            StringComparer.Ordinal);
        return new QuotaPlan(now, SlotLength, reset, callsLeft, plans);
    }

    /// <summary>Calls a slot costs when the query is read every <paramref name="interval"/>: one page a read, more when more is new.</summary>
    public static double Cost(TimeSpan slot, TimeSpan interval, double ratePerHour)
    {
        var newPerRead = ratePerHour * interval.TotalHours;
        return slot / interval * (1 + Math.Max(0, (newPerRead - PageFill) / PageSize));
    }

    private static void SpendOnFreshness(List<Draft> full, (DateTime Start, TimeSpan Length)[] slots, double spare, PlannerOptions options)
    {
        var baseline = full.Sum(q => q.HeadCost);
        double CostAt(double mu)
        {
            double total = 0;
            foreach (var query in full)
            {
                for (var i = 0; i < slots.Length; i++)
                {
                    total += Cost(slots[i].Length, Best(query, i, slots[i].Length, mu, options.FetchInterval), query.Rates[i]);
                }
            }

            return total;
        }

        // The price of a call in video-hours of delay: high enough that the plan fits the calls left.
        double low = 1e-6, high = 1e9;
        if (CostAt(low) - baseline <= spare)
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
            var spent = 0.0;
            for (var i = 0; i < slots.Length; i++)
            {
                query.Intervals[i] = Best(query, i, slots[i].Length, high, options.FetchInterval);
                spent += Cost(slots[i].Length, query.Intervals[i], query.Rates[i]);
            }

            query.Planned += spent - query.HeadCost;
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

    private static double SweepCost((DateTime Start, TimeSpan Length)[] slots, double[] rates, TimeSpan age, PlannerOptions options)
    {
        double videos = 0, sweeps = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            videos += rates[i] * slots[i].Length.TotalHours;
            var every = Max(options.LateSweepEvery, Min(TimeSpan.FromHours(40 / rates[i]), Max(age, options.LateSweepEvery)));
            sweeps += slots[i].Length / every;
        }

        return (videos / PageSize) + (sweeps * 0.5);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan low, TimeSpan high) => value < low ? low : value > high ? high : value;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class Draft(string query, double[] rates, TimeSpan[] fullIntervals, double headCost, double backlog, Dictionary<TimeSpan, double> sweepCosts)
    {
        public string Query { get; } = query;
        public double[] Rates { get; } = rates;
        public TimeSpan[] FullIntervals { get; } = fullIntervals;

        /// <summary>Reading every new video at full pages until the reset.</summary>
        public double HeadCost { get; } = headCost;

        /// <summary>Reading everything: new videos and the unread backlog.</summary>
        public double ReadCost { get; } = headCost + backlog;

        public Dictionary<TimeSpan, double> SweepCosts { get; } = sweepCosts;
        public Funding Funding { get; set; }
        public double Planned { get; set; }
        public TimeSpan[] Intervals { get; set; } = [.. fullIntervals];
        public HashSet<TimeSpan> Sweeps { get; } = [];
    }
}
