namespace YouTubeFeed.Data.Videos;

/// <summary>
/// New videos waiting for their search terms, one row per <see cref="VideoWriter"/> batch: a new video has nothing in
/// the index to replace, so its batch is queued whole, one row instead of one per video (a changed video keeps a
/// <see cref="SearchBacklogEntry"/> of its own, which records the version it replaces). <see cref="SearchIndexer"/>
/// takes the oldest rows first and deletes them in the transaction that writes their terms.
/// </summary>
public sealed class SearchBacklogBatch
{
    /// <summary>The queue's order: rows are numbered as they are queued.</summary>
    public long Id { get; set; }

    /// <summary>The batch's video ids, a JSON array (what is left of it, after an indexer took part of the batch).</summary>
    public required string VideoIds { get; set; }

    /// <summary>When the batch was queued (the server's clock).</summary>
    public DateTime QueuedAt { get; set; }
}
