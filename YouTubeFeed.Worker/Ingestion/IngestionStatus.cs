using System.Collections.Concurrent;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>What the Worker is doing now, for health, metrics and the dashboard.</summary>
public sealed class IngestionStatus
{
    private readonly ConcurrentDictionary<string, DateTime> watermarks = new(StringComparer.Ordinal);
    private readonly TimeProvider timeProvider;

    public IngestionStatus(TimeProvider timeProvider) => this.timeProvider = timeProvider;

    /// <summary>Whether this replica holds the fetch lease (the others stand by).</summary>
    public bool IsFetcher { get; set; }

    public int UsableKeys { get; set; }

    /// <summary>Set while every key is exhausted, rate limited or invalid: when one is expected back (null: never).</summary>
    public DateTimeOffset? WaitingForKeysUntil { get; set; }

    public bool AllKeysUnusable { get; set; }

    public TimeSpan CurrentInterval { get; set; }

    public bool IsPaced { get; set; }

    public DateTimeOffset? LastCycleAt { get; set; }

    public string? LastProblem { get; set; }

    public bool HasKeys { get; set; } = true;

    public void Watermark(string query, DateTime watermark) => watermarks[query] = watermark;

    public IEnumerable<(string Query, TimeSpan Lag)> WatermarkLags()
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        return watermarks.Select(w => (w.Key, now - w.Value));
    }
}
