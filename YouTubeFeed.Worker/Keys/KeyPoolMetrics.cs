using System.Diagnostics.Metrics;

namespace YouTubeFeed.Worker.Keys;

/// <summary>Quota and key metrics, by project (keys appear only as fingerprints, and not here).</summary>
public sealed class KeyPoolMetrics
{
    private readonly Counter<long> quotaUnits;
    private readonly Counter<long> calls;
    private readonly Meter meter;
    private ApiKeyPool? pool;

    public KeyPoolMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(TelemetryNames.Meter);
        quotaUnits = meter.CreateCounter<long>("youtubefeed.youtube.quota.units", "{unit}", "Quota units spent, by project");
        calls = meter.CreateCounter<long>("youtubefeed.youtube.calls", "{call}", "search.list calls, by project and outcome");
        meter.CreateObservableGauge("youtubefeed.youtube.quota.calls_left", () => Budget()
            .Select(p => new Measurement<int>(p.CallsLeft, new KeyValuePair<string, object?>("project", p.Name))),
            "{call}", "search.list calls a project has left until midnight Pacific time");
        meter.CreateObservableGauge("youtubefeed.youtube.keys.usable", () => Budget().Sum(p => p.UsableKeys), "{key}", "Keys that may be used now");
    }

    internal void Observe(ApiKeyPool keyPool) => pool = keyPool;

    public void UnitsSpent(string project, int units) => quotaUnits.Add(units, new KeyValuePair<string, object?>("project", project));

    public void Call(string project, string outcome) =>
        calls.Add(1, new KeyValuePair<string, object?>("project", project), new KeyValuePair<string, object?>("outcome", outcome));

    private IReadOnlyList<ProjectBudget> Budget() => pool?.LastBudget?.Projects ?? [];
}
