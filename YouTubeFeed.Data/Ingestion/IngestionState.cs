namespace YouTubeFeed.Data.Ingestion;

/// <summary>How far ingestion has got for one search query.</summary>
public sealed class IngestionState
{
    public required string Query { get; set; }

    /// <summary>
    /// The newest instant (UTC) up to which the query has been read at least once: every video YouTube listed
    /// at that time with a publish time at or before it has been seen, except in the gaps the
    /// <see cref="Ledger"/> still lists. Null until the first page was read.
    /// </summary>
    public DateTime? Watermark { get; set; }

    /// <summary>
    /// The fencing token of the lease holder that last wrote this row: a holder whose lease has passed to
    /// another Worker has a smaller token and can no longer write it.
    /// </summary>
    public long FenceToken { get; set; }

    /// <summary>When the query last had no unread gap and its head was read to the watermark (UTC).</summary>
    public DateTime? LastCompletedAt { get; set; }

    /// <summary>
    /// The Worker's ledger of the query as JSON: which publish-time intervals were read and when (so gaps, late
    /// sweeps and unfinished windows survive restarts), recently seen publish times, and the learned publish rate.
    /// Its shape belongs to the Worker (<c>YouTubeFeed.Worker.Coverage.QueryLedger</c>).
    /// </summary>
    public string? Ledger { get; set; }
}
