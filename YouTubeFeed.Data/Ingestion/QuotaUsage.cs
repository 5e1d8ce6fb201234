namespace YouTubeFeed.Data.Ingestion;

/// <summary>
/// What one Google Cloud project has spent of its daily <c>search.list</c> quota on one Pacific-time day. All
/// keys of a project share this bucket. Kept in MySQL so that restarts, replicas and a flushed cache all see it.
/// </summary>
public sealed class QuotaUsage
{
    public required string Project { get; set; }

    /// <summary>The Pacific-time day (YouTube's quota day, reset at midnight America/Los_Angeles).</summary>
    public DateOnly Day { get; set; }

    public long UnitsSpent { get; set; }

    /// <summary>Set when YouTube said the quota was exceeded before our count ran out: the project rests until then.</summary>
    public DateTime? ExhaustedUntil { get; set; }

    public DateTime UpdatedAt { get; set; }
}
