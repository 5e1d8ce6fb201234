using System.Diagnostics.Metrics;
using YouTubeFeed.Worker.Planning;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>The Worker's ingestion and plan metrics (graphed on the Aspire dashboard).</summary>
public sealed class IngestionMetrics
{
    private readonly Counter<long> videosStored;
    private readonly Counter<long> reads;
    private readonly Histogram<double> readDuration;
    private readonly Counter<long> oddPages;

    public IngestionMetrics(IMeterFactory meterFactory, IngestionStatus status, TimeProvider timeProvider)
    {
        var meter = meterFactory.Create(TelemetryNames.Meter);
        videosStored = meter.CreateCounter<long>("youtubefeed.videos.stored", "{video}", "New videos stored, by query and kind of read");
        reads = meter.CreateCounter<long>("youtubefeed.fetch.reads", "{read}", "Reads, by query, kind and how they ended");
        readDuration = meter.CreateHistogram<double>("youtubefeed.fetch.read.duration", "s", "Duration of one read");
        oddPages = meter.CreateCounter<long>("youtubefeed.youtube.odd_pages", "{chain}", "Chains given up because of empty pages or repeated tokens");

        Measurement<double> PerQuery(QueryStatus q, double value) => new(value, new KeyValuePair<string, object?>("query", q.Query));
        meter.CreateObservableGauge("youtubefeed.plan.next_fetch", () => status.Queries.Values
            .Select(q => PerQuery(q, Math.Max(0, (q.NextReadAt - timeProvider.GetUtcNow().UtcDateTime).TotalSeconds))),
            "s", "Time until the planner reads a query's new videos again");
        meter.CreateObservableGauge("youtubefeed.plan.interval", () => status.Queries.Values.Select(q => PerQuery(q, q.Interval.TotalSeconds)),
            "s", "Time between reads of a query's new videos in the current plan");
        meter.CreateObservableGauge("youtubefeed.plan.expected_dark", () => status.ExpectedDarkMinutes,
            "min", "Minutes before the quota reset in which nothing can be read");
        meter.CreateObservableGauge("youtubefeed.ingestion.gaps", () => status.Queries.Values.Select(q => PerQuery(q, q.Gaps)),
            "{gap}", "Unread stretches below a query's watermark");
        meter.CreateObservableGauge("youtubefeed.ingestion.watermark.lag", () => status.Queries.Values
            .Where(q => q.Watermark is not null)
            .Select(q => PerQuery(q, (timeProvider.GetUtcNow().UtcDateTime - q.Watermark!.Value).TotalSeconds)),
            "s", "How far a query's watermark is behind now");
        meter.CreateObservableGauge("youtubefeed.ingestion.late_sweep.lag", () => status.Queries.Values
            .Where(q => q.LateSweepLag is not null)
            .Select(q => PerQuery(q, q.LateSweepLag!.Value.TotalSeconds)),
            "s", "How far the late-window sweep of a query is behind");
    }

    public void Read(FetchWork work, ReadResult result)
    {
        var query = new KeyValuePair<string, object?>("query", work.Query);
        var kind = new KeyValuePair<string, object?>("kind", work.Kind.ToString().ToLowerInvariant());
        reads.Add(1, query, kind, new KeyValuePair<string, object?>("end", result.End.ToString().ToLowerInvariant()));
        if (result.NewVideos > 0)
        {
            videosStored.Add(result.NewVideos, query, kind);
        }
    }

    public void ReadTook(string query, TimeSpan duration) =>
        readDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("query", query));

    public void OddPage(string query, string what) =>
        oddPages.Add(1, new KeyValuePair<string, object?>("query", query), new KeyValuePair<string, object?>("what", what));
}
