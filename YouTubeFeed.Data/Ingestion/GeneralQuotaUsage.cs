namespace YouTubeFeed.Data.Ingestion;

/// <summary>
/// What one Google Cloud project has spent of its general daily bucket (every method but <c>search.list</c>; here
/// <c>videos.list</c>) on one Pacific-time day. Kept apart from <see cref="QuotaUsage"/>, as Google keeps the buckets.
/// </summary>
public sealed class GeneralQuotaUsage
{
    public required string Project { get; set; }

    /// <summary>The Pacific-time day.</summary>
    public DateOnly Day { get; set; }

    /// <summary>All units spent, enrichment of new videos and refreshes.</summary>
    public long UnitsSpent { get; set; }

    /// <summary>The part of <see cref="UnitsSpent"/> spent refreshing statistics (held to a configured share).</summary>
    public long RefreshUnitsSpent { get; set; }

    /// <summary>Set when YouTube said the bucket is spent: nothing more until then.</summary>
    public DateTime? ExhaustedUntil { get; set; }

    public DateTime UpdatedAt { get; set; }
}
