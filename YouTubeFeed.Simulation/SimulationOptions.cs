using System.Globalization;

namespace YouTubeFeed.Simulation;

/// <summary>The command line of <c>scripts/simulate.sh</c>.</summary>
internal sealed record SimulationOptions(IReadOnlyList<string> Scenarios, IReadOnlyList<string> Policies, string Output, double? Hours, bool Verbose, bool Help)
{
    public const string Usage = """
        Usage: scripts/simulate.sh [--scenario FILE]... [--policy NAME]... [--out FILE] [--hours H] [--help]

        Runs a simulated quota day: the real Worker (planner, reads, writer into a real MariaDB) against the YouTube
        emulator in virtual time, and two baselines on the same scenario. Starts its own MariaDB and Redis.

          --scenario FILE   a scenario (JSON; see YouTubeFeed.Simulation/Scenarios). Repeatable.
                            Default: every scenario in YouTubeFeed.Simulation/Scenarios, in name order.
          --policy NAME     planner | original | poll15. Repeatable. Default: all three.
          --out FILE        the report to update (each scenario has its own section). Default: docs/quota.md
                            (with docs/quota-<scenario>.svg and docs/quota-results.json beside it).
          --hours H         simulate only the first H hours of the measured day (a quick check; docs are left alone).
          --verbose         print the Worker's log (one line per planner decision and per read).
          --help            this text.
        """;

    public static SimulationOptions Parse(string[] args, string repository)
    {
        var scenarios = new List<string>();
        var policies = new List<string>();
        var output = Path.Combine(repository, "docs", "quota.md");
        double? hours = null;
        var help = false;
        var verbose = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--scenario":
                    scenarios.Add(Path.GetFullPath(Value()));
                    break;
                case "--policy":
                    policies.Add(Value() switch
                    {
                        "planner" => YouTubeFeed.Simulation.Policies.PlannerPolicy.Label,
                        "original" => DaySimulation.Original,
                        "poll15" => DaySimulation.Poll15,
                        var other => throw new ArgumentException($"Unknown policy '{other}': planner, original or poll15."),
                    });
                    break;
                case "--out":
                    output = Path.GetFullPath(Value());
                    break;
                case "--hours":
                    hours = double.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--help" or "-h":
                    help = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}' (see --help).");
            }
        }

        if (scenarios.Count == 0)
        {
            scenarios.AddRange(Directory.GetFiles(Path.Combine(repository, "YouTubeFeed.Simulation", "Scenarios"), "*.json").Order(StringComparer.Ordinal));
        }

        return new SimulationOptions(scenarios, policies.Count == 0 ? DaySimulation.Policies : policies, output, hours, verbose, help);
    }
}
