using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using YouTubeFeed.Worker.Coverage;
using YouTubeFeed.Worker.Keys;

namespace YouTubeFeed.Worker.Planning;

/// <summary>
/// Decides, at each tick, which reads to make: new videos of the queries that are due, unread gaps, late sweeps.
/// With <see cref="PlannerOptions.QuotaPacing"/> it follows a <see cref="QuotaPlan"/> (remade every few minutes and
/// after every spend) so that the day's calls last until the reset and go where they store most; without it, every
/// query is read every <see cref="PlannerOptions.FetchInterval"/> until the quota runs out.
/// </summary>
public sealed partial class QuotaPlanner(IOptions<PlannerOptions> options, ILogger<QuotaPlanner> logger)
{
    /// <summary>Known videos a sweep waits for, and the most it reads: a page, with room for the late ones it finds.</summary>
    private const int SweepFill = 46;

    private const int SweepFillSooner = 42;

    private const int SweepPage = 47;

    private static readonly TimeSpan ReplanEvery = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long before the reset the day's last calls are made (see <see cref="QuotaPlan.HeldUntil"/>): time for a call
    /// refused with a rate limit to be made again after its key's rest, and for a clock a little off Google's.
    /// </summary>
    private static readonly TimeSpan LastCallLead = TimeSpan.FromMinutes(2);

    /// <summary>How long before the reset the reads that may spend the day's last calls are held at the most: the last
    /// quarter hour, when no call is kept in reserve any more (see <see cref="Reserve"/>).</summary>
    private static readonly TimeSpan LastCallsHorizon = TimeSpan.FromMinutes(15);

    private DateTime plannedAt;
    private DateTime lastPartialGapAt;
    private int plannedCallsLeft = -1;

    public QuotaPlan? Plan { get; private set; }

    public IReadOnlyList<FetchWork> Decide(DateTime now, bool force, IReadOnlyDictionary<string, QueryLedger> ledgers, QuotaBudget budget)
    {
        var settings = options.Value;
        if (budget.CallsLeft <= 0)
        {
            return [];
        }

        if (settings.QuotaPacing)
        {
            Replan(now, ledgers, budget);
        }

        var work = new List<FetchWork>();
        var heads = new List<(FetchWork Work, double Overdue)>();
        var backfills = new List<FetchWork>();
        foreach (var ledger in ledgers.Values)
        {
            var plan = Plan?.Queries.GetValueOrDefault(ledger.Query);
            var partial = settings.QuotaPacing && plan?.Funding == Funding.Partial;
            if (ledger.Top is null)
            {
                work.Add(new FetchWork(ledger.Query, WorkKind.FirstRead, null, null, settings.MaxPagesPerCycle, "first read of the query"));
                continue;
            }

            if (ledger.IsBackfilling)
            {
                // After this tick's read of new videos, if one is due.
                backfills.Add(new FetchWork(ledger.Query, WorkKind.Backfill, null, null, settings.MaxPagesPerCycle, "the backfill stopped early"));
            }

            var interval = settings.QuotaPacing && Plan is not null ? Plan.IntervalAt(ledger.Query, now) : settings.FetchInterval;
            var sinceHead = ledger.LastHeadAt is { } last ? now - last : TimeSpan.MaxValue;
            // A tick comes every FetchInterval, give or take the time the tick took to get here: a read due within a tenth
            // of it is read now, not a whole tick late (which would double a query's interval at the shortest).
            var slack = settings.FetchInterval / 10;
            var forced = force && sinceHead + slack >= settings.FetchInterval;
            var waits = settings.QuotaPacing && Plan is not null && ledger.LastHeadAt is not null && Plan.WaitsForReset(ledger.Query, now);
            if (forced || (sinceHead + slack >= interval && !waits))
            {
                var top = ledger.Top ?? now;
                var expectedNew = ledger.Rate.Expected(new Span(top, now));
                // The overlap below the watermark is read again: its known videos take room on the pages too.
                var overlap = ledger.KnownWithin(new Span(top - settings.WatermarkOverlap, top));
                var grant = partial ? 1 : Math.Min(settings.MaxPagesPerCycle, PagesFor(expectedNew + overlap) + 2);
                var reason = forced ? "fetch now was asked"
                    : settings.QuotaPacing ? $"due every {interval:hh\\:mm\\:ss} ({(partial ? "partial" : "full")} read, ~{expectedNew:0} new expected)"
                    : $"due every {interval:hh\\:mm\\:ss} (fixed interval)";
                heads.Add((new FetchWork(ledger.Query, WorkKind.Head, null, null, grant, reason, Strict: partial),
                    sinceHead == TimeSpan.MaxValue ? double.MaxValue : sinceHead / interval));
            }
        }

        work.AddRange(heads.OrderByDescending(h => h.Overdue).Select(h => h.Work));
        work.AddRange(backfills);

        // Gaps and sweeps come out of what the plan leaves beyond the reads of new videos until the reset (and the
        // reserve): they are never allowed to leave the end of the day without calls.
        var spare = !settings.QuotaPacing || Plan is null
            ? double.MaxValue
            : budget.CallsLeft - Reserve(budget.CallsLeft, budget.NextReset.UtcDateTime - now) - Plan.HeadCallsFrom(now) - work.Sum(w => w.Grant);

        foreach (var ledger in ledgers.Values.Where(l => !l.IsBackfilling))
        {
            var plan = Plan?.Queries.GetValueOrDefault(ledger.Query);
            if (settings.QuotaPacing && plan?.Funding == Funding.Partial)
            {
                // The calls its reads of new videos leave go to its gaps that hold a page of unread videos, newest
                // first, spread over what is left of the day. While its new videos want more calls than it has, none
                // are left: a call spent on an old gap is a page of new videos read later or not at all (the next
                // plan gives what this one did not spend to its reads of new videos).
                if (plan.Stretched)
                {
                    continue;
                }

                var pace = spare >= 1 && Plan is not null ? (Plan.Reset - now) / spare : TimeSpan.MaxValue;
                var big = ledger.Gaps().Where(g => ledger.Rate.Expected(g) >= QuotaAllocator.PageFill).ToList();
                if (big is [var newest, ..] && spare >= 1 && now - lastPartialGapAt >= pace)
                {
                    spare -= 1;
                    lastPartialGapAt = now;
                    work.Add(new FetchWork(ledger.Query, WorkKind.Gap, newest, null, 1, $"a page of its unread videos in {newest} (calls to spare every {pace:hh\\:mm\\:ss})", Strict: true));
                }

                continue;
            }

            foreach (var gap in ledger.Gaps())
            {
                var grant = Math.Min(settings.MaxPagesPerCycle, PagesFor(ledger.Rate.Expected(gap)) + 1);
                grant = (int)Math.Min(grant, Math.Max(0, spare));
                if (grant == 0)
                {
                    break;
                }

                spare -= grant;
                work.Add(new FetchWork(ledger.Query, WorkKind.Gap, gap, null, grant, $"unread since a read stopped early: {gap}"));
            }
        }

        foreach (var ledger in ledgers.Values.Where(l => !l.IsBackfilling))
        {
            var plan = Plan?.Queries.GetValueOrDefault(ledger.Query);
            foreach (var age in settings.SweepAges)
            {
                if (settings.QuotaPacing && plan?.FundedSweeps.Contains(age) != true)
                {
                    continue;
                }

                if (ledger.LastSweepAt.TryGetValue(age, out var lastSweep) && now - lastSweep < settings.LateSweepEvery)
                {
                    continue;
                }

                if (ledger.DueSweep(age, now) is not { } due)
                {
                    continue;
                }

                // A sweep waits until its span holds about a page of known videos (the shortest age, whose sweeps find
                // late videos sooner, a little less), or until it lags its age behind; it reads at most a page of them.
                var known = ledger.KnownWithin(due);
                var lag = now - age - due.Low;
                var fill = age == settings.SweepAges.Min() && settings.SweepAges.Count > 1 ? SweepFillSooner : SweepFill;
                if (known < fill && lag < Max(age, settings.LateSweepEvery))
                {
                    continue;
                }

                if (spare < 1)
                {
                    break;
                }

                spare -= 1;
                var span = ledger.Truncate(due, SweepPage);
                work.Add(new FetchWork(ledger.Query, WorkKind.Sweep, span, age, 2,
                    $"{ledger.KnownWithin(span)} known video(s) published in {span} reached {age:hh\\:mm} of age"));
            }
        }

        var held = settings.QuotaPacing && Plan is not null ? HoldsLastCalls(now, force, work, budget, ledgers.Count) : null;
        if (Plan is not null && Plan.HeldUntil != held)
        {
            if (held is not null)
            {
                LogHold(logger, budget.CallsLeft, work.Count, held.Value);
            }

            Plan = Plan with { HeldUntil = held };
        }

        if (held is not null)
        {
            return [];
        }

        if (settings.QuotaPacing && Plan is not null && work.Count == 0 && LastMinutesRead(now, ledgers, budget) is { } lastCalls)
        {
            work.Add(lastCalls);
        }

        foreach (var item in work)
        {
            LogDecision(logger, item.Kind, item.Query, now, item.Grant, item.Reason);
        }

        return work;
    }

    private void Replan(DateTime now, IReadOnlyDictionary<string, QueryLedger> ledgers, QuotaBudget budget)
    {
        if (Plan is not null && now - plannedAt < ReplanEvery && budget.CallsLeft == plannedCallsLeft && Plan.Reset == budget.NextReset.UtcDateTime)
        {
            return;
        }

        var demands = ledgers.Values.Select(l => new QueryDemand(
            l.Query,
            l.Rate.At,
            l.Gaps().Sum(g => PagesFor(l.Rate.Expected(g))) + (l.IsBackfilling ? 10 : 0),
            l.Late.Share,
            l.LastHeadAt)).ToList();
        var previous = Plan;
        // A hold lasts across plans (Decide judges it again on every tick), so that it is logged once.
        var reset = budget.NextReset.UtcDateTime;
        var plan = QuotaAllocator.Allocate(now, reset, budget.CallsLeft - Reserve(budget.CallsLeft, reset - now), demands, options.Value);
        Plan = plan with { HeldUntil = previous?.HeldUntil };
        plannedAt = now;
        plannedCallsLeft = budget.CallsLeft;
        foreach (var query in Plan.Queries.Values)
        {
            var before = previous?.Queries.GetValueOrDefault(query.Query);
            if (before is null || before.Funding != query.Funding || !before.FundedSweeps.SetEquals(query.FundedSweeps))
            {
                LogPlan(logger, query.Query, query.Funding, Plan.IntervalAt(query.Query, now), query.RatePerHour,
                    string.Join(",", query.FundedSweeps.Order().Select(a => a.ToString("hh\\:mm", System.Globalization.CultureInfo.InvariantCulture))),
                    query.PlannedCalls, budget.CallsLeft, budget.NextReset);
            }
        }
    }

    /// <summary>
    /// Until when the reads due now wait: in the day's last quarter hour, when the calls left are its last (no more than
    /// one per query) and the reads due may spend them all. Made now, they would leave the day dark until the reset;
    /// made in its last minutes, they read the day's newest videos, and the next read (at the reset, with the new day's
    /// calls) follows at once. Null: read now. A first read or a backfill is never held: it is due on every tick until
    /// done, and its grant (a bound) would hold every other read too.
    /// </summary>
    private DateTime? HoldsLastCalls(DateTime now, bool force, List<FetchWork> work, QuotaBudget budget, int queries)
    {
        var lastMinutes = LastMinutesFrom(Plan!.Reset);
        var last = budget.CallsLeft <= queries && work.Sum(w => w.Grant) >= budget.CallsLeft;
        var holdable = work.Count > 0 && work.All(w => w.Kind is not (WorkKind.FirstRead or WorkKind.Backfill));
        return !force && now >= Plan.Reset - LastCallsHorizon && now < lastMinutes && holdable && last ? lastMinutes : null;
    }

    // Ticks come every FetchInterval: the last minutes start early enough for one to fall in them.
    private DateTime LastMinutesFrom(DateTime reset) => reset - Max(LastCallLead, 2 * options.Value.FetchInterval);

    /// <summary>
    /// In the day's last minutes, calls still left (nothing was due to spend them) read the newest videos of the query
    /// read longest ago, counted in its own intervals: unspent at the reset, they would be lost.
    /// </summary>
    private FetchWork? LastMinutesRead(DateTime now, IReadOnlyDictionary<string, QueryLedger> ledgers, QuotaBudget budget)
    {
        if (budget.CallsLeft <= 0 || now < LastMinutesFrom(Plan!.Reset) || now >= Plan.Reset)
        {
            return null;
        }

        var longest = ledgers.Values
            .Where(l => !l.IsBackfilling && l.LastHeadAt is not null && Plan.Queries.ContainsKey(l.Query))
            .OrderByDescending(l => (now - l.LastHeadAt!.Value) / Plan.IntervalAt(l.Query, now))
            .FirstOrDefault();
        return longest is null ? null : new FetchWork(longest.Query, WorkKind.Head, null, null, Math.Min(budget.CallsLeft, options.Value.MaxPagesPerCycle),
            $"the day's last {budget.CallsLeft} call(s), unspent before the reset", Strict: true);
    }

    // One call stays in reserve until the last quarter hour (errors and retries cost calls too), so that the day does
    // not end dark; on a bigger budget, one in a hundred.
    private static int Reserve(int callsLeft, TimeSpan untilReset) =>
        untilReset <= LastCallsHorizon ? 0 : Math.Max(1, callsLeft / 100);

    private static int PagesFor(double videos) => (int)Math.Ceiling(Math.Max(1, videos) / QuotaAllocator.PageSize);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Plan for '{Query}': {Funding} read, every {Interval} now at ~{Rate:0.#} videos/h, late sweeps at [{Sweeps}], {Planned:0} calls planned of {CallsLeft} left until {Reset:u}")]
    private static partial void LogPlan(ILogger logger, string query, Funding funding, TimeSpan interval, double rate, string sweeps, double planned, int callsLeft, DateTimeOffset reset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Holding the day's last {CallsLeft} call(s) until {Until:u}: the {Reads} read(s) due now may spend them all")]
    private static partial void LogHold(ILogger logger, int callsLeft, int reads, DateTime until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading {Kind} of '{Query}' as of {Now:u} (up to {Grant} call(s)): {Reason}")]
    private static partial void LogDecision(ILogger logger, WorkKind kind, string query, DateTime now, int grant, string reason);
}
