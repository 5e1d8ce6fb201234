namespace YouTubeFeed.Data.Videos;

/// <summary>
/// A video whose search terms are out of date (changed), or not written yet when it was queued by older code or a
/// migration (new videos are queued in batches: <see cref="SearchBacklogBatch"/>). <see cref="VideoWriter"/> adds it in
/// the video's own transaction; <see cref="SearchIndexer"/> removes it in the transaction that writes the terms.
/// Search reads these videos themselves, so a video is found from the moment it is stored.
/// </summary>
public sealed class SearchBacklogEntry
{
    public required string VideoId { get; set; }

    /// <summary>
    /// The publish time of the version whose terms are in the index (null: none are). A video that is not queued
    /// has its current terms indexed, so the writer that queues a changed video records the version it replaces;
    /// the indexer deletes exactly those rows by key.
    /// </summary>
    public DateTime? IndexedPublishedAt { get; set; }

    /// <summary>The terms of that version, separated by spaces (null: none are indexed).</summary>
    public string? IndexedTerms { get; set; }

    /// <summary>
    /// When the video was first queued (the server's clock). The indexer takes the longest-waiting videos first, so
    /// that under a backlog no video waits behind ones queued after it (but for a few batches, when its writer
    /// committed late or a batch holding it rolled back: see <see cref="SearchIndexer.TakesPerHeadRead"/>), and terms
    /// reach the index in the order the videos arrived, which is nearly publish order: each term's rows are appended
    /// near its end, not scattered.
    /// </summary>
    public DateTime QueuedAt { get; set; }
}
