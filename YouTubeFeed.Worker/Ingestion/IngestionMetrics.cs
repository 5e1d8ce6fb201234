using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>The Worker's metrics. Keys are named only by fingerprint.</summary>
public sealed class IngestionMetrics
{
    private readonly Counter<long> videosStored;
    private readonly Counter<long> cycles;
    private readonly Histogram<double> cycleDuration;
    private readonly Counter<long> quotaUnits;
    private readonly Counter<long> calls;

    public IngestionMetrics(IMeterFactory meterFactory, IngestionStatus status)
    {
        var meter = meterFactory.Create(TelemetryNames.Meter);
        videosStored = meter.CreateCounter<long>("youtubefeed.videos.stored", "{video}", "New videos stored");
        cycles = meter.CreateCounter<long>("youtubefeed.fetch.cycles", "{cycle}", "Fetch cycles, by outcome");
        cycleDuration = meter.CreateHistogram<double>("youtubefeed.fetch.cycle.duration", "s", "Duration of one fetch cycle");
        quotaUnits = meter.CreateCounter<long>("youtubefeed.youtube.quota.units", "{unit}", "Quota units spent, by key fingerprint");
        calls = meter.CreateCounter<long>("youtubefeed.youtube.calls", "{call}", "search.list calls, by outcome");
        meter.CreateObservableGauge("youtubefeed.youtube.keys.usable", () => status.UsableKeys, "{key}", "Keys that may be used now");
        meter.CreateObservableGauge("youtubefeed.fetch.interval", () => status.CurrentInterval.TotalSeconds, "s",
            "Time between cycles of one query after quota pacing");
        meter.CreateObservableGauge("youtubefeed.ingestion.watermark.lag", () => status.WatermarkLags()
            .Select(lag => new Measurement<double>(lag.Lag.TotalSeconds, new KeyValuePair<string, object?>("query", lag.Query))),
            "s", "How far the committed watermark is behind now");
    }

    public void Stored(string query, int count) => videosStored.Add(count, new KeyValuePair<string, object?>("query", query));

    public void Cycle(string query, string outcome, TimeSpan duration)
    {
        cycles.Add(1, new("query", query), new("outcome", outcome));
        cycleDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("query", query));
    }

    public void UnitsSpent(string fingerprint, int units) => quotaUnits.Add(units, new KeyValuePair<string, object?>("key", fingerprint));

    public void Call(string outcome) => calls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
