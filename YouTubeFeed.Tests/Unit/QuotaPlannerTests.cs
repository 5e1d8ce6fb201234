using Microsoft.Extensions.Logging.Abstractions;
using YouTubeFeed.Worker.Coverage;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.Planning;

namespace YouTubeFeed.Tests.Unit;

public sealed class QuotaPlannerTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc); // midnight Pacific
    private static readonly DateTime Reset = new(2026, 12, 2, 8, 0, 0, DateTimeKind.Utc);

    private static readonly PlannerOptions Settings = new()
    {
        FetchInterval = TimeSpan.FromSeconds(10),
        LateWindow = TimeSpan.FromHours(6),
        LateSweepEvery = TimeSpan.FromMinutes(30),
    };

    [Theory]
    [InlineData(60, true)]
    [InlineData(110, false)]
    public void A_busy_query_short_of_calls_for_its_new_videos_spends_none_on_an_old_gap(int callsLeft, bool stretched)
    {
        // S2's day: 100, 1,000 and 4,000 videos a day. The busy query has an old gap of twelve hours (~2,000 videos)
        // and cannot be read whole either way. With 60 calls, the ~29 left for it cannot read a page (50) of its new
        // videos as often as one comes: its reads are spread further apart, and the gap waits. With 110, the ~79 left
        // can, and the calls those reads leave go to the gap.
        var busy = Ledger("busy", 4000);
        busy.RecordRead(new Span(Now.AddHours(-30), Now.AddHours(-18)), Now.AddHours(-18));
        busy.SetFloor(Now.AddHours(-30), Now.AddHours(-30));
        busy.RecordRead(new Span(Now.AddHours(-6), Now.AddMinutes(-10)), Now.AddMinutes(-10));
        busy.LastHeadAt = Now.AddMinutes(-10);
        Assert.Equal([new Span(Now.AddHours(-18), Now.AddHours(-6))], busy.Gaps());
        var ledgers = new[] { ReadWhole("quiet", 100), ReadWhole("medium", 1000), busy }.ToDictionary(l => l.Query);

        var planner = new QuotaPlanner(Microsoft.Extensions.Options.Options.Create(Settings), NullLogger<QuotaPlanner>.Instance);
        var budget = new QuotaBudget([new ProjectBudget("main", 100, callsLeft, false, 1, 1, null)], Now, Reset);
        var work = planner.Decide(Now, force: false, ledgers, budget);

        var plan = planner.Plan!.Queries["busy"];
        TestContext.Current.SendDiagnosticMessage($"{callsLeft} calls: {plan.Funding} ({plan.PlannedCalls:0.0} calls), stretched {plan.Stretched}, first interval {plan.Intervals[0]}; work: {string.Join("; ", work.Select(w => $"{w.Kind} of {w.Query} {w.Grant}"))}");
        Assert.Equal(Funding.Partial, plan.Funding);
        Assert.Equal(stretched, plan.Stretched);
        Assert.Equal(stretched ? 0 : 1, work.Count(w => w.Kind == WorkKind.Gap && w.Query == "busy"));
    }

    [Theory]
    [InlineData(10, 13, true)]
    [InlineData(3, 13, true)]
    [InlineData(1, 13, false)]
    [InlineData(1, 1.5, true)]
    public void The_days_last_calls_wait_for_its_last_minutes(int callsLeft, double minutesToReset, bool reads)
    {
        // A query last read 30 minutes ago is due, for up to a few calls. With calls to spare it is read now. In the
        // day's last quarter hour, when the calls left are its last (no more than one per query) and the read may spend
        // them all, it waits for the day's last two minutes, so that the day is not dark until the reset. With more
        // calls left than queries it does not wait. (Before the last quarter hour, the last call is kept in reserve.)
        var now = Reset.AddMinutes(-minutesToReset);
        var busy = Ledger("busy", 4000);
        busy.RecordRead(new Span(now.AddHours(-30), now.AddMinutes(-30)), now.AddMinutes(-30));
        busy.SetFloor(now.AddHours(-30), now.AddHours(-30));
        busy.LastHeadAt = now.AddMinutes(-30);
        var ledgers = new Dictionary<string, QueryLedger> { ["busy"] = busy };

        var planner = new QuotaPlanner(Microsoft.Extensions.Options.Options.Create(Settings), NullLogger<QuotaPlanner>.Instance);
        var budget = new QuotaBudget([new ProjectBudget("main", 100, callsLeft, false, 1, 1, null)], now, Reset);
        var work = planner.Decide(now, force: false, ledgers, budget);
        var forced = planner.Decide(now, force: true, ledgers, budget);

        var plan = planner.Plan!;
        TestContext.Current.SendDiagnosticMessage($"{callsLeft} call(s), {minutesToReset} min to the reset: work {string.Join("; ", work.Select(w => $"{w.Kind} {w.Grant}"))}, forced {string.Join("; ", forced.Select(w => $"{w.Kind} {w.Grant}"))}");
        Assert.Single(forced, w => w.Kind == WorkKind.Head);
        Assert.True(forced.Single().Grant >= 2, "the read may take more than one call");
        Assert.Equal(reads ? 1 : 0, work.Count(w => w.Kind == WorkKind.Head));
        if (!reads)
        {
            // Held again after the forced read was handed out: the status says when the read comes.
            Assert.Empty(planner.Decide(now, force: false, ledgers, budget));
            Assert.Equal(Reset.AddMinutes(-2), planner.Plan!.HeldUntil);
            Assert.Equal(Reset.AddMinutes(-2), planner.Plan.NextReadAt("busy", busy.LastHeadAt.Value, now));
        }
    }

    [Fact]
    public void A_first_read_is_not_held_for_the_last_minutes_nor_holds_the_others()
    {
        // A query added ten minutes before the reset, with one call left: its first read may take 40 calls, but it is
        // due on every tick until done, so holding it would hold every read until the reset.
        var now = Reset.AddMinutes(-10);
        var busy = ReadWhole("busy", 4000);
        busy.LastHeadAt = now.AddMinutes(-30);
        var ledgers = new[] { busy, new QueryLedger("new", Settings.SweepAges) }.ToDictionary(l => l.Query);

        var planner = new QuotaPlanner(Microsoft.Extensions.Options.Options.Create(Settings), NullLogger<QuotaPlanner>.Instance);
        var budget = new QuotaBudget([new ProjectBudget("main", 100, 1, false, 1, 1, null)], now, Reset);
        var work = planner.Decide(now, force: false, ledgers, budget);

        TestContext.Current.SendDiagnosticMessage($"work {string.Join("; ", work.Select(w => $"{w.Kind} of {w.Query} {w.Grant}"))}");
        Assert.Contains(work, w => w.Kind == WorkKind.FirstRead && w.Query == "new");
        Assert.Null(planner.Plan!.HeldUntil);
    }

    [Theory]
    [InlineData(10, false)]
    [InlineData(1.5, true)]
    public void Calls_still_left_in_the_days_last_minutes_are_spent(double minutesToReset, bool reads)
    {
        // Three calls left, and neither query is due: both were read seconds ago, less than the shortest interval (10 s).
        // Ten minutes before the reset the calls wait; in the last two minutes they are spent, on the query read
        // longest ago in its own intervals.
        var now = Reset.AddMinutes(-minutesToReset);
        var ledgers = new[] { ("busy", 4000, 3), ("quiet", 100, 2) }.Select(q =>
        {
            var ledger = Ledger(q.Item1, q.Item2);
            ledger.RecordRead(new Span(now.AddHours(-30), now.AddSeconds(-q.Item3)), now.AddSeconds(-q.Item3));
            ledger.SetFloor(now.AddHours(-30), now.AddHours(-30));
            ledger.LastHeadAt = now.AddSeconds(-q.Item3);
            return ledger;
        }).ToDictionary(l => l.Query);

        var planner = new QuotaPlanner(Microsoft.Extensions.Options.Options.Create(Settings), NullLogger<QuotaPlanner>.Instance);
        var budget = new QuotaBudget([new ProjectBudget("main", 100, 3, false, 1, 1, null)], now, Reset);
        var work = planner.Decide(now, force: false, ledgers, budget);

        TestContext.Current.SendDiagnosticMessage($"{minutesToReset} min to the reset: intervals {string.Join(", ", ledgers.Keys.Select(q => $"{q} {planner.Plan!.IntervalAt(q, now)}"))}; work {string.Join("; ", work.Select(w => $"{w.Kind} of {w.Query} {w.Grant}: {w.Reason}"))}");
        if (reads)
        {
            var read = Assert.Single(work);
            var longest = ledgers.Keys.MaxBy(q => (now - ledgers[q].LastHeadAt!.Value) / planner.Plan!.IntervalAt(q, now));
            Assert.Equal((WorkKind.Head, longest), (read.Kind, read.Query));
            Assert.InRange(read.Grant, 1, 3);
        }
        else
        {
            Assert.DoesNotContain(work, w => w.Kind == WorkKind.Head);
        }
    }

    private static QueryLedger Ledger(string query, double videosPerDay)
    {
        var ledger = new QueryLedger(query, Settings.SweepAges);
        ledger.Rate.Hourly = [.. Enumerable.Repeat(videosPerDay / 24, 24)];
        return ledger;
    }

    // Read up to ten minutes ago, nothing unread.
    private static QueryLedger ReadWhole(string query, double videosPerDay)
    {
        var ledger = Ledger(query, videosPerDay);
        ledger.RecordRead(new Span(Now.AddHours(-30), Now.AddMinutes(-10)), Now.AddMinutes(-10));
        ledger.SetFloor(Now.AddHours(-30), Now.AddHours(-30));
        ledger.LastHeadAt = Now.AddMinutes(-10);
        return ledger;
    }
}
