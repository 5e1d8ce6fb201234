using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using YouTubeFeed.Simulation.Measurement;
using YouTubeFeed.Simulation.Policies;
using YouTubeFeed.Simulation.Scenarios;

namespace YouTubeFeed.Simulation;

/// <summary>
/// Runs one policy through a scenario in virtual time: a fresh emulator and store, the scenario's videos published
/// up front (each listed at its own time), then a tick every 10 simulated seconds from the warm-up day to the end of
/// the tail, recording when each video was first stored.
/// </summary>
public static class DaySimulation
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(10);

    public const string Original = "original (1 page / 10 s)";
    public const string Poll15 = "fixed poll (1 page / 15 min)";

    public static IReadOnlyList<string> Policies => [PlannerPolicy.Label, Original, Poll15];

    public static async Task<PolicyOutcome> RunAsync(
        Scenario scenario, string policy, string mySqlServer, string redis, int index, bool verbose, TextWriter log, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var clock = new FakeTimeProvider(scenario.Start);
        await using var youtube = await SimulatedYouTube.StartAsync(scenario, clock, cancellationToken);
        var published = await youtube.PublishAsync(PublishPlan.Draw(scenario), cancellationToken);
        var store = await SimulationStore.CreateAsync(
            mySqlServer, redis, $"ytf_sim_{scenario.Name.ToLowerInvariant()}_{index}", 1 + index, cancellationToken);
        await log.WriteLineAsync($"{scenario.Name} / {policy}: {published.Count} videos published from {published.Min(v => v.PublishedAt):u}");

        var host = await PolicyHost.StartAsync(store, scenario, youtube.ApiBase, clock, policy == PlannerPolicy.Label, verbose, log, cancellationToken);
        await using IPolicy run = policy switch
        {
            PlannerPolicy.Label => new PlannerPolicy(host),
            Original => new FixedPollPolicy(policy, Tick, host, scenario, clock),
            Poll15 => new FixedPollPolicy(policy, TimeSpan.FromMinutes(15), host, scenario, clock),
            _ => throw new ArgumentException($"Unknown policy '{policy}'.", nameof(policy)),
        };

        var storedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var lastSeen = DateTime.MinValue;
        var nextReport = scenario.Start + TimeSpan.FromHours(6);
        for (var now = scenario.Start; now < scenario.End; now += Tick)
        {
            clock.SetUtcNow(now);
            if (await run.TickAsync(cancellationToken))
            {
                foreach (var (videoId, firstSeen) in await store.StoredSinceAsync(lastSeen, cancellationToken))
                {
                    storedAt.TryAdd(videoId, now);
                    lastSeen = firstSeen > lastSeen ? firstSeen : lastSeen;
                }
            }

            if (now >= nextReport)
            {
                await log.WriteLineAsync($"  {now:yyyy-MM-dd HH:mm} UTC: {storedAt.Count} stored ({watch.Elapsed.TotalSeconds:0} s)");
                nextReport += TimeSpan.FromHours(6);
            }
        }

        var calls = await youtube.CallsAsync(cancellationToken);
        var outcome = OutcomeCalculator.Calculate(policy, scenario, published, storedAt, calls, watch.Elapsed);
        await log.WriteLineAsync(
            $"  done in {watch.Elapsed.TotalSeconds:0} s: {outcome.Total.Stored}/{outcome.Total.Published} stored, {outcome.Calls} calls, dark {outcome.DarkMinutes:0} min");
        return outcome;
    }
}
