using YouTubeFeed.DevServers;
using YouTubeFeed.Simulation;
using YouTubeFeed.Simulation.Measurement;
using YouTubeFeed.Simulation.Policies;
using YouTubeFeed.Simulation.Reporting;
using YouTubeFeed.Simulation.Scenarios;

var repository = FindRepository();
SimulationOptions options;
try
{
    options = SimulationOptions.Parse(args, repository);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(SimulationOptions.Usage);
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var log = Console.Out;
await using var servers = await LocalServers.StartAsync(keep: false, bufferPool: "512M", log, cancel.Token);
var (_, head, _) = await ProcessRunner.RunAsync("git", ["-C", repository, "rev-parse", "--short", "HEAD"], cancel.Token);
var commit = head.Trim();
var resultsPath = Path.Combine(Path.GetDirectoryName(options.Output)!, "quota-results.json");
var allMet = true;
foreach (var file in options.Scenarios)
{
    var scenario = Scenario.Load(file);
    if (options.Hours is { } hours)
    {
        scenario = scenario with { Length = TimeSpan.FromHours(hours) };
    }

    var outcomes = new List<PolicyOutcome>();
    for (var i = 0; i < options.Policies.Count; i++)
    {
        outcomes.Add(await DaySimulation.RunAsync(scenario, options.Policies[i], servers.MySqlServerConnectionString, servers.RedisConnectionString, i, options.Verbose, log, cancel.Token));
    }

    var planner = outcomes.FirstOrDefault(o => o.Policy == PlannerPolicy.Label);
    IReadOnlyList<TargetResult> targets = [];
    if (planner is not null)
    {
        var compareWith = scenario.Targets.BetterThan is { } other ? await QuotaReport.ReadSummaryAsync(resultsPath, other) : null;
        targets = TargetCheck.Evaluate(scenario, planner, outcomes.Where(o => o != planner).ToList(), compareWith);
        if (options.Hours is null)
        {
            await QuotaReport.WriteSummaryAsync(resultsPath, PlannerSummary.From(scenario.Name, planner));
        }
    }

    var section = QuotaReport.Section(scenario, outcomes, targets, commit);
    Console.WriteLine();
    Console.WriteLine(section);
    if (options.Hours is null)
    {
        await QuotaReport.WriteAsync(options.Output, scenario, outcomes, targets, commit);
    }

    allMet &= targets.All(t => t.Met);
}

Console.WriteLine(options.Hours is null ? $"Written to {options.Output}" : "A shortened run: docs/quota.md is left as it was.");
return allMet ? 0 : 1;

static string FindRepository()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "YouTubeFeed.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? Directory.GetCurrentDirectory();
}
