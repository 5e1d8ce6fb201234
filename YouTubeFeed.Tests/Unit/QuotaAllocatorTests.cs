using Microsoft.Extensions.Time.Testing;
using YouTubeFeed.Worker.Coverage;
using YouTubeFeed.Worker.Ingestion;
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
        // Six hours to the reset, 20 calls: the busy query (unread for six hours, ~170 videos an hour) cannot be read
        // whole, so the medium one is read every six hours. It was last read five hours ago, so its next read falls due
        // in an hour (the third half-hour slot) and holds six hours of videos, about 250: six pages. Spread evenly (an
        // hour's worth per hour), that read would look like a page an hour, the busy query would be given the rest,
        // spend it, and the day would end dark.
        var now = Now.AddHours(18);
        var plan = QuotaAllocator.Allocate(now, now.AddHours(6), 20, MediumAndBusy(now, mediumReadHoursAgo: 5), Options());
        var (medium, busy) = (plan.Queries["medium"], plan.Queries["busy"]);
        TestContext.Current.SendDiagnosticMessage(Describe(medium) + "; " + Describe(busy));
        Assert.Equal(Funding.Partial, busy.Funding);
        Assert.InRange(medium.HeadCalls[2], 5, 8);
        Assert.Equal(medium.HeadCalls[2], medium.HeadCalls.Sum(), 3);
        Assert.True(plan.PlannedCalls <= 20.5, $"planned {plan.PlannedCalls:0.0} of 20");
        Assert.True(busy.PlannedCalls <= 20 - 5, $"busy planned {busy.PlannedCalls:0.0}");
    }

    [Fact]
    public void A_big_read_that_falls_due_near_the_reset_waits_for_it_and_the_busy_query_gets_the_calls()
    {
        // Four hours to the reset, 15 calls: the busy query (unread for six hours, ~170 videos an hour) cannot be read
        // whole. The medium query, read every six hours, falls due two hours before the reset with six hours of videos
        // (six pages). Made then, it would take the calls the busy query needs for its last hours; made at the reset,
        // it costs the same six calls from the next day.
        var now = Now.AddHours(20);
        var plan = QuotaAllocator.Allocate(now, now.AddHours(4), 15, MediumAndBusy(now, mediumReadHoursAgo: 4), Options());
        var (medium, busy) = (plan.Queries["medium"], plan.Queries["busy"]);
        TestContext.Current.SendDiagnosticMessage(Describe(medium) + "; " + Describe(busy));
        Assert.Equal(Funding.Full, medium.Funding);
        Assert.Equal(Funding.Partial, busy.Funding);
        Assert.True(plan.Thrifty);
        Assert.True(plan.WaitsForReset("medium", now.AddHours(2)), "the medium read waits for the reset");
        Assert.False(plan.WaitsForReset("medium", now.AddMinutes(30)), "a read due earlier is made when due");
        Assert.False(plan.WaitsForReset("busy", now.AddHours(3.9)), "the busy query is read until the reset");
        Assert.Equal(0, medium.HeadCalls.Sum(), 3);
        // What the medium query keeps is its late sweep (its late share is not known yet); the busy query gets the rest.
        Assert.True(medium.PlannedCalls < 5, Describe(medium));
        Assert.InRange(busy.PlannedCalls, 15 - medium.PlannedCalls - 0.5, 15.5);
    }

    [Fact]
    public void The_worker_reports_a_read_that_waits_as_due_at_the_reset()
    {
        var now = Now.AddHours(20);
        var options = Options();
        var plan = QuotaAllocator.Allocate(now, now.AddHours(4), 15, MediumAndBusy(now, mediumReadHoursAgo: 4), options);
        var status = new IngestionStatus(new FakeTimeProvider(new DateTimeOffset(now)));

        status.Report(new QueryLedger("medium", options.SweepAges) { LastHeadAt = now.AddHours(-4) }, plan, options);
        status.Report(new QueryLedger("busy", options.SweepAges) { LastHeadAt = now.AddHours(-6) }, plan, options);

        // /health's nextReadAt and the next_fetch metric: not "in two hours", when the read will not be made then.
        Assert.Equal(plan.Reset, status.Queries["medium"].NextReadAt);
        Assert.True(status.Queries["busy"].NextReadAt < now.AddHours(1), status.Queries["busy"].NextReadAt.ToString("O"));
    }

    [Fact]
    public void On_a_day_the_calls_can_read_whole_no_read_waits_for_the_reset()
    {
        var now = Now.AddHours(22);
        var plan = QuotaAllocator.Allocate(now, now.AddHours(2), 50, [new QueryDemand("medium", _ => 1000 / 24.0, 0, LastHeadAt: now.AddHours(-1))], Options());
        Assert.False(plan.Thrifty);
        Assert.False(plan.WaitsForReset("medium", now.AddHours(1.9)));
        Assert.True(plan.Queries["medium"].HeadCalls.Sum() >= 2, Describe(plan.Queries["medium"]));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.01)]
    public void Calls_enough_to_read_every_fetch_interval_read_even_a_quiet_query_that_often(double videosPerHour)
    {
        // A day of reads every 10 s is 8,640 calls (plus sweeps): a million leaves no reason to read less often.
        var plan = QuotaAllocator.Allocate(Now, Now.AddDays(1), 1_000_000, [new QueryDemand("quiet", _ => videosPerHour, 0)], Options());
        var query = plan.Queries["quiet"];
        Assert.False(plan.Thrifty);
        Assert.All(query.Intervals, i => Assert.Equal(Options().FetchInterval, i));

        // With a hundred calls a day the same query is read far less often: the quota, not the interval, decides.
        var scarce = QuotaAllocator.Allocate(Now, Now.AddDays(1), 100, [new QueryDemand("quiet", _ => videosPerHour, 0)], Options());
        Assert.All(scarce.Queries["quiet"].Intervals, i => Assert.True(i >= TimeSpan.FromMinutes(10), i.ToString()));
    }

    // 1,000 and 4,000 videos a day; the busy query was last read six hours ago, so that it cannot be read whole.
    private static QueryDemand[] MediumAndBusy(DateTime now, double mediumReadHoursAgo) =>
    [
        new QueryDemand("medium", _ => 1000 / 24.0, 0, LastHeadAt: now.AddHours(-mediumReadHoursAgo)),
        new QueryDemand("busy", _ => 4000 / 24.0, 0, LastHeadAt: now.AddHours(-6)),
    ];

    private static string Describe(QueryPlan query) =>
        $"{query.Query} {query.Funding} planned {query.PlannedCalls:0.0} head calls [{string.Join(", ", query.HeadCalls.Select(c => c.ToString("0.0")))}]";
}
