using System.Diagnostics.Metrics;

namespace YouTubeFeed.Worker.Enrichment;

/// <summary>The enrichment's and the retention's metrics.</summary>
public sealed class EnrichmentMetrics
{
    private readonly Counter<long> calls;
    private readonly Counter<long> enriched;
    private readonly Counter<long> gone;
    private readonly Counter<long> deleted;

    public EnrichmentMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TelemetryNames.Meter);
        calls = meter.CreateCounter<long>("youtubefeed.enrichment.calls", "{call}", "videos.list calls, by project, purpose and outcome");
        enriched = meter.CreateCounter<long>("youtubefeed.enrichment.videos", "{video}", "Videos whose details were stored, by purpose (new, refresh)");
        gone = meter.CreateCounter<long>("youtubefeed.videos.gone", "{video}", "Videos videos.list no longer returns (deleted, private), removed from every listing");
        deleted = meter.CreateCounter<long>("youtubefeed.retention.deleted", "{video}", "Videos deleted for being older than Retention:MaxAge");
    }

    public void Call(string project, bool refresh, string outcome) =>
        calls.Add(1, new("project", project), Purpose(refresh), new("outcome", outcome));

    public void Enriched(int count, bool refresh) => enriched.Add(count, Purpose(refresh));

    public void Gone(int count) => gone.Add(count);

    public void Deleted(int count) => deleted.Add(count);

    private static KeyValuePair<string, object?> Purpose(bool refresh) => new("purpose", refresh ? "refresh" : "new");
}
