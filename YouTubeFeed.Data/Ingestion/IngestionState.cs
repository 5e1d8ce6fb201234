namespace YouTubeFeed.Data.Ingestion;

/// <summary>How far ingestion has got for one search query.</summary>
public sealed class IngestionState
{
    public required string Query { get; set; }

    /// <summary>
    /// Every video of the query published at or before this instant (UTC) is stored. Advanced only when a
    /// fetch cycle has reached the end it was going for, so an interrupted cycle is simply done again.
    /// Null until the first complete cycle (the backfill).
    /// </summary>
    public DateTime? Watermark { get; set; }

    /// <summary>
    /// The fencing token of the lease holder that last advanced the watermark: a holder whose lease has
    /// passed to another worker has a smaller token and cannot move the watermark any more.
    /// </summary>
    public long FenceToken { get; set; }

    public DateTime? LastCompletedAt { get; set; }
}
