using System.Globalization;
using YouTubeFeed.Simulation.Measurement;
using YouTubeFeed.Simulation.Scenarios;

namespace YouTubeFeed.Simulation.Reporting;

/// <summary>One target of a scenario, with the figure measured and whether it is met.</summary>
public sealed record TargetResult(string Target, string Measured, bool Met);

/// <summary>Checks the planner's outcome against the scenario's targets and both baselines.</summary>
public static class TargetCheck
{
    public static IReadOnlyList<TargetResult> Evaluate(
        Scenario scenario, PolicyOutcome planner, IReadOnlyList<PolicyOutcome> baselines, PlannerSummary? compareWith)
    {
        var t = scenario.Targets;
        var total = planner.Total;
        var results = new List<TargetResult>();
        var p50 = Percentile.Of(total.FromListed, 0.5);
        var p95 = Percentile.Of(total.FromListed, 0.95);
        if (t.MinShare is { } share)
        {
            results.Add(new($"≥ {share:P1} of the videos stored", $"{total.Share:P2} ({total.Stored:N0} of {total.Published:N0})", total.Share >= share));
        }

        if (t.P50Minutes is { } p50Target)
        {
            results.Add(new($"listed→stored p50 ≤ {p50Target} min", Minutes(p50), p50 <= p50Target));
        }

        if (t.P95Minutes is { } p95Target)
        {
            results.Add(new($"listed→stored p95 ≤ {p95Target} min", Minutes(p95), p95 <= p95Target));
        }

        if (t.MaxRefusedForQuota is { } refused)
        {
            results.Add(new($"≤ {refused} calls refused for quota", planner.RefusedForQuota.ToString(CultureInfo.InvariantCulture), planner.RefusedForQuota <= refused));
        }

        foreach (var query in t.WholeQueries ?? [])
        {
            var q = planner.Queries.Single(o => o.Query == query);
            results.Add(new($"every video of '{query}' stored", $"{q.Stored:N0} of {q.Published:N0}", q.NeverStored == 0));
        }

        if (t.Busiest is { } busiest)
        {
            // The bound assumes full pages of 50; YouTube's pages hold fewer on average (short and empty
            // pages), so the bound is also given at the results YouTube's pages held that day when more followed.
            var q = planner.Queries.Single(o => o.Query == busiest);
            var strict = BusiestBound(scenario, planner, busiest, 50);
            var fair = BusiestBound(scenario, planner, busiest, planner.ResultsPerPage);
            results.Add(new(
                $"'{busiest}' stores ≥ {1 - t.BusiestTolerance:P0} of the most the calls can hold: (calls − pages the quieter queries need) × results per page",
                $"{q.Stored:N0}: {q.Stored / fair:P1} of {fair:N0} at the {planner.ResultsPerPage:0.0} results YouTube's pages held on average that day when more followed; {q.Stored / strict:P1} of {strict:N0} at 50",
                q.Stored >= (1 - t.BusiestTolerance) * fair));
        }

        if (t.MaxDarkMinutes is { } dark)
        {
            results.Add(new($"≤ {dark} dark minutes before the reset", planner.DarkMinutes.ToString("0", CultureInfo.InvariantCulture), planner.DarkMinutes <= dark));
        }

        if (t.BetterThan is { } other)
        {
            if (compareWith is null)
            {
                results.Add(new($"better than {other} on every figure", $"no {other} result recorded yet", false));
            }
            else
            {
                var mine = PlannerSummary.From(scenario.Name, planner);
                results.Add(new($"share stored better than {other}", $"{mine.Share:P2} vs {compareWith.Share:P2}", mine.Share > compareWith.Share));
                results.Add(new($"listed→stored p50 better than {other}", $"{Minutes(mine.P50)} vs {Minutes(compareWith.P50)}", mine.P50 <= compareWith.P50));
                results.Add(new($"listed→stored p95 better than {other}", $"{Minutes(mine.P95)} vs {Minutes(compareWith.P95)}", mine.P95 <= compareWith.P95));
                // In whole minutes, as the table shows them: below a minute, the difference is where a 10 s tick fell.
                results.Add(new($"dark minutes no worse than {other}", $"{mine.DarkMinutes:0} vs {compareWith.DarkMinutes:0}",
                    Math.Round(mine.DarkMinutes) <= Math.Round(compareWith.DarkMinutes)));
            }
        }

        foreach (var baseline in baselines)
        {
            results.Add(new($"more stored than '{baseline.Policy}'", $"{total.Share:P2} vs {baseline.Total.Share:P2}", total.Stored > baseline.Total.Stored));
        }

        return results;
    }

    /// <summary>
    /// The most videos of the busiest query the day's calls can store: every call holds <paramref name="perPage"/>
    /// results, and the quieter queries need at least one call per page of their videos (they are to be stored whole).
    /// </summary>
    public static double BusiestBound(Scenario scenario, PolicyOutcome planner, string busiest, double perPage)
    {
        var quieterPages = planner.Queries.Where(q => q.Query != busiest).Sum(q => Math.Ceiling(q.Published / perPage));
        var published = planner.Queries.Single(q => q.Query == busiest).Published;
        return Math.Min(published, (scenario.CallsPerDay - quieterPages) * perPage);
    }

    public static string Minutes(double minutes) => double.IsNaN(minutes) ? "–" : minutes.ToString("0.0", CultureInfo.InvariantCulture) + " min";
}

/// <summary>The planner's headline figures for one scenario, kept in docs/quota-results.json so later scenarios can compare.</summary>
public sealed record PlannerSummary(string Scenario, double Share, double P50, double P95, double DarkMinutes, int Calls)
{
    public static PlannerSummary From(string scenario, PolicyOutcome outcome) => new(
        scenario,
        outcome.Total.Share,
        Percentile.Of(outcome.Total.FromListed, 0.5),
        Percentile.Of(outcome.Total.FromListed, 0.95),
        outcome.DarkMinutes,
        outcome.Calls);
}
