using YouTubeFeed.Worker.Planning;

namespace YouTubeFeed.Tests.Unit;

public sealed class QuotaAllocatorTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc); // midnight Pacific

    private static PlannerOptions Options() => new() { FetchInterval = TimeSpan.FromSeconds(10), LateWindow = TimeSpan.FromHours(6), LateSweepEvery = TimeSpan.FromMinutes(30) };

    [Fact]
    public void Ten_calls_for_six_hours_of_a_quiet_query_are_spread_out()
    {
        var plan = QuotaAllocator.Allocate(Now, Now.AddHours(6), 10, [new QueryDemand("q", _ => 1, 0)], Options());
        var query = plan.Queries["q"];
        TestContext.Current.SendDiagnosticMessage($"funding {query.Funding}, sweeps {string.Join(",", query.FundedSweeps)}, planned {query.PlannedCalls:0.0}, intervals {string.Join(",", query.Intervals.Select(i => i.TotalMinutes.ToString("0")))}");
        Assert.Equal(Funding.Full, query.Funding);
        Assert.InRange(query.PlannedCalls, 5, 10);
        Assert.All(query.Intervals, i => Assert.True(i >= TimeSpan.FromMinutes(30), i.ToString()));
    }

    [Fact]
    public void A_busy_query_that_the_calls_cannot_read_whole_gets_what_the_quieter_ones_leave()
    {
        var demands = new[]
        {
            new QueryDemand("quiet", _ => 100 / 24.0, 0),
            new QueryDemand("medium", _ => 1000 / 24.0, 0),
            new QueryDemand("busy", _ => 4000 / 24.0, 0),
        };
        var plan = QuotaAllocator.Allocate(Now, Now.AddDays(1), 100, demands, Options());
        foreach (var q in plan.Queries.Values)
        {
            TestContext.Current.SendDiagnosticMessage($"{q.Query}: {q.Funding}, sweeps {string.Join(",", q.FundedSweeps)}, planned {q.PlannedCalls:0.0}, first interval {q.Intervals[0]}");
        }

        Assert.Equal(Funding.Full, plan.Queries["quiet"].Funding);
        Assert.Equal(Funding.Full, plan.Queries["medium"].Funding);
        Assert.Equal(Funding.Partial, plan.Queries["busy"].Funding);
        Assert.InRange(plan.PlannedCalls, 95, 100.5);
        // The quieter queries are read at full pages and swept, not read more often: every call they do not need is a
        // page of the busy one. Their floor is 2 + 20 pages a day; the sweeps read the same videos once more.
        var quieter = plan.Queries["quiet"].PlannedCalls + plan.Queries["medium"].PlannedCalls;
        Assert.InRange(quieter, 22, 55);
        Assert.True(plan.Queries["busy"].PlannedCalls >= 100 - quieter - 5, $"busy planned {plan.Queries["busy"].PlannedCalls:0.0}");
    }

    [Fact]
    public void Busy_hours_are_read_more_often_than_quiet_ones()
    {
        double Rate(DateTime t) => t.Hour is >= 14 and < 22 ? 80 : 10;
        var plan = QuotaAllocator.Allocate(Now, Now.AddDays(1), 100, [new QueryDemand("q", Rate, 0)], Options());
        var busy = plan.IntervalAt("q", new DateTime(2026, 12, 1, 16, 0, 0, DateTimeKind.Utc));
        var quiet = plan.IntervalAt("q", new DateTime(2026, 12, 2, 3, 0, 0, DateTimeKind.Utc));
        TestContext.Current.SendDiagnosticMessage($"busy {busy}, quiet {quiet}, planned {plan.PlannedCalls:0.0}, sweeps {string.Join(",", plan.Queries["q"].FundedSweeps)}");
        Assert.True(busy < quiet, $"busy {busy}, quiet {quiet}");
        Assert.InRange(plan.PlannedCalls, 90, 100.5);
    }

    [Fact]
    public void A_read_is_costed_in_the_slot_it_falls_due_in_with_the_pages_of_everything_since_the_last_one()
    {
        // Two hours to the reset, 12 calls. The medium query was last read five hours ago, so its next read is due now
        // and holds about 208 videos, five pages. Spread evenly (an hour's worth per hour), that read would look like
        // one page, the busy query would be given the rest, spend it, and the last hour would be dark.
        var now = Now.AddHours(22);
        var demands = new[]
        {
            new QueryDemand("medium", _ => 1000 / 24.0, 0, LastHeadAt: now.AddHours(-5)),
            new QueryDemand("busy", _ => 4000 / 24.0, 0, LastHeadAt: now.AddMinutes(-10)),
        };
        var plan = QuotaAllocator.Allocate(now, now.AddHours(2), 12, demands, Options());
        var (medium, busy) = (plan.Queries["medium"], plan.Queries["busy"]);
        TestContext.Current.SendDiagnosticMessage(
            $"medium {medium.Funding} planned {medium.PlannedCalls:0.0} head calls [{string.Join(", ", medium.HeadCalls.Select(c => c.ToString("0.0")))}], " +
            $"busy {busy.Funding} planned {busy.PlannedCalls:0.0} head calls [{string.Join(", ", busy.HeadCalls.Select(c => c.ToString("0.0")))}]");
        Assert.InRange(medium.HeadCalls[0], 4, 7);
        Assert.True(plan.PlannedCalls <= 12.5, $"planned {plan.PlannedCalls:0.0} of 12");
        Assert.True(busy.PlannedCalls <= 12 - 4, $"busy planned {busy.PlannedCalls:0.0}");
    }
}
