using System.Globalization;
using System.Text;
using System.Text.Json;
using YouTubeFeed.Simulation.Measurement;
using YouTubeFeed.Simulation.Scenarios;

namespace YouTubeFeed.Simulation.Reporting;

/// <summary>
/// Writes a scenario's results into docs/quota.md (its own section, replaced on each run, others kept), its chart next to
/// it, and the planner's headline figures into docs/quota-results.json.
/// </summary>
public static class QuotaReport
{
    private const string Header = """
        # The 100-call day: what the quota planner gets out of YouTube's quota

        Each section below is written by `scripts/simulate.sh` (the `YouTubeFeed.Simulation` project): the real Worker (its
        planner, its reads, its ledger, the writer into a real MariaDB) against the YouTube emulator in virtual time, beside
        two baselines on the same scenario and the same emulator: the original project's policy (one page of each query
        every 10 s with `publishedAfter` = the newest stored video, until the quota is gone) and a fixed 15-minute poll of
        one page. The emulator behaves like YouTube (`Behaviour=youtube`: short and empty pages, repeated tokens, chains
        cut below 500, 1 % backend errors, rate limits), with 100 `search.list` calls per Google Cloud project a day.

        How to read the figures:
        - **published**: videos of the query published during the measured day (a Pacific-time day, after a warm-up
          day in which the planner learns the queries' rhythm); **stored**: of those, stored by the end of the run (the
          day plus a tail of a few hours, for its last late videos).
        - **listed→stored**: minutes from the moment the emulator first listed a video (nothing can store it earlier) to
          the tick that stored it; **published→stored** beside it. p50 / p95 / max.
        - **calls**: `search.list` calls charged during the measured day, per project; **refused for quota**: calls YouTube
          answered `quotaExceeded`; **dark minutes**: minutes before the reset with every project's quota spent.

        """;

    public static async Task WriteAsync(
        string markdownPath, Scenario scenario, IReadOnlyList<PolicyOutcome> outcomes, IReadOnlyList<TargetResult> targets, string commit)
    {
        var section = Section(scenario, outcomes, targets, commit);
        var (begin, end) = ($"<!-- scenario:{scenario.Name} -->", $"<!-- /scenario:{scenario.Name} -->");
        await SharedFile.UpdateAsync(markdownPath, current =>
        {
            var existing = current ?? Header.ReplaceLineEndings("\n");
            var from = existing.IndexOf(begin, StringComparison.Ordinal);
            var to = existing.IndexOf(end, StringComparison.Ordinal);
            return from >= 0 && to > from
                ? existing[..from] + section + existing[(to + end.Length)..]
                : existing.TrimEnd('\n') + "\n\n" + section + "\n";
        });

        var svgPath = Path.Combine(Path.GetDirectoryName(markdownPath)!, $"quota-{scenario.Name}.svg");
        await File.WriteAllTextAsync(svgPath, DayChart.Render(scenario, outcomes));
    }

    public static string Section(Scenario scenario, IReadOnlyList<PolicyOutcome> outcomes, IReadOnlyList<TargetResult> targets, string commit)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"<!-- scenario:{scenario.Name} -->");
        md.AppendLine(CultureInfo.InvariantCulture, $"## {scenario.Name}: {scenario.Title}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Run on {DateTime.UtcNow:yyyy-MM-dd} at commit {commit}: `scripts/simulate.sh --scenario YouTubeFeed.Simulation/Scenarios/{scenario.Name.ToLowerInvariant()}.json`; " +
            $"{scenario.WarmupDays} warm-up day(s), the measured day from {scenario.Day:u}, a tail of {scenario.Tail.TotalHours:0} h; " +
            $"{scenario.CallsPerDay} calls a day ({string.Join(", ", scenario.Projects.Select(p => $"{p.Name}: {p.Keys} key(s)"))}); " +
            $"simulation time {string.Join(", ", outcomes.Select(o => $"{o.RunTime.TotalSeconds:0} s"))} for the policies in the order of the table.");
        md.AppendLine();
        md.AppendLine("| policy | query | published | stored | never stored | share | listed→stored p50 / p95 / max | published→stored p50 / p95 / max | calls | refused for quota | dark minutes |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var outcome in outcomes)
        {
            var rows = outcome.Queries.Count > 1 ? outcome.Queries.Append(outcome.Total) : outcome.Queries;
            foreach (var q in rows)
            {
                var total = q.Query == "all queries" || outcome.Queries.Count == 1;
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {outcome.Policy} | {q.Query} | {q.Published:N0} | {q.Stored:N0} | {q.NeverStored:N0} | {q.Share:P1} | {Triple(q.FromListed)} | {Triple(q.FromPublished)} | " +
                    $"{(total ? Calls(outcome) : q.Calls.ToString(CultureInfo.InvariantCulture))} | {(total ? outcome.RefusedForQuota.ToString(CultureInfo.InvariantCulture) : "")} | {(total ? outcome.DarkMinutes.ToString("0", CultureInfo.InvariantCulture) : "")} |");
            }
        }

        md.AppendLine();
        md.AppendLine("Targets (issue 16), for the planner:");
        md.AppendLine();
        foreach (var target in targets)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {(target.Met ? "met" : "**missed**")}: {target.Target}: {target.Measured}");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"![{scenario.Name}: calls spent and videos stored over the day](quota-{scenario.Name}.svg)");
        md.AppendLine();
        md.Append(CultureInfo.InvariantCulture, $"<!-- /scenario:{scenario.Name} -->");
        return md.ToString();
    }

    public static async Task<PlannerSummary?> ReadSummaryAsync(string path, string scenario)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var all = JsonSerializer.Deserialize<Dictionary<string, PlannerSummary>>(await File.ReadAllTextAsync(path)) ?? [];
        return all.GetValueOrDefault(scenario);
    }

    public static async Task WriteSummaryAsync(string path, PlannerSummary summary)
    {
        await SharedFile.UpdateAsync(path, current =>
        {
            var all = current is null ? [] : JsonSerializer.Deserialize<Dictionary<string, PlannerSummary>>(current) ?? [];
            all[summary.Scenario] = summary;
            return JsonSerializer.Serialize(all, new JsonSerializerOptions { WriteIndented = true }) + "\n";
        });
    }

    private static string Triple(IReadOnlyList<double> minutes) =>
        minutes.Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture,
            $"{Percentile.Of(minutes, 0.5):0.0} / {Percentile.Of(minutes, 0.95):0.0} / {minutes.Max():0.0} min");

    private static string Calls(PolicyOutcome outcome) =>
        outcome.CallsByProject.Count == 1
            ? outcome.Calls.ToString(CultureInfo.InvariantCulture)
            : $"{outcome.Calls} ({string.Join(", ", outcome.CallsByProject.Select(p => $"{p.Key} {p.Value}"))})";
}
