using YouTubeFeed.Simulation;
using YouTubeFeed.Simulation.Measurement;
using YouTubeFeed.Simulation.Reporting;
using YouTubeFeed.Simulation.Scenarios;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Simulation;

/// <summary>
/// The quota simulation itself (docs/quota.md), shortened to a few simulated hours of S1 so that it cannot rot: the
/// real Worker and the original project's policy against the emulator in virtual time, on the test MariaDB and Redis.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class SimulatedDayTests(BackendFixture backend)
{
    [Fact]
    public async Task Three_hours_of_S1_store_every_listed_video_within_the_quota_and_ahead_of_the_original_policy()
    {
        var scenario = Scenario.Load(Path.Combine(RepositoryRoot.Path, "YouTubeFeed.Simulation", "Scenarios", "s1.json")) with
        {
            WarmupDays = 0,
            Length = TimeSpan.FromHours(3),
            Tail = TimeSpan.FromHours(1),
        };
        var log = new StringWriter();
        var cancel = TestContext.Current.CancellationToken;

        var planner = await DaySimulation.RunAsync(scenario, DaySimulation.Policies[0], backend.MySqlServerConnectionString, backend.RedisConnectionString, 0, false, log, cancel);
        var original = await DaySimulation.RunAsync(scenario, DaySimulation.Original, backend.MySqlServerConnectionString, backend.RedisConnectionString, 1, false, log, cancel);
        TestContext.Current.SendDiagnosticMessage(log.ToString());
        TestContext.Current.SendDiagnosticMessage(QuotaReport.Section(scenario, [planner, original], [], "test"));

        // Midnight to 03:00 Pacific is the quiet part of S1's day: still, a few dozen videos.
        Assert.InRange(planner.Total.Published, 20, 200);
        Assert.True(planner.Total.Share >= 0.95, $"stored {planner.Total.Stored} of {planner.Total.Published}");
        Assert.Equal(0, planner.RefusedForQuota);
        Assert.InRange(planner.Calls, 1, 30); // three hours of a 100-call day
        Assert.True(Percentile.Of(planner.Total.FromListed, 0.5) <= 60, "median listed-to-stored within the hour");
        // The original policy spends its 100 calls in the first 17 minutes and stores nothing after that.
        Assert.Equal(100, original.Calls);
        Assert.True(original.Total.Stored < planner.Total.Stored, $"original {original.Total.Stored}, planner {planner.Total.Stored}");
        Assert.True(original.DarkMinutes > 120, $"original dark for {original.DarkMinutes:0} min");
    }
}
