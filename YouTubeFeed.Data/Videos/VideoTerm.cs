namespace YouTubeFeed.Data.Videos;

/// <summary>
/// One row of the search index: a folded word of a video's title or description (<see cref="SearchTerms"/>).
/// </summary>
/// <remarks>
/// Keyed by (term, published_at, video_id): one term's rows come out newest first straight from the index, a
/// query word that starts several terms reads their sorted ranges side by side, and checking a word on a
/// candidate is a primary-key lookup. Whole words only (no prefixes), about 22 rows a video: the measurements
/// that chose this over prefixes, InnoDB FULLTEXT and Mroonga are in docs/benchmarks.md. No secondary index:
/// a changed video's old terms are deleted by key, from what <see cref="SearchBacklogEntry"/> remembers.
/// </remarks>
public sealed class VideoTerm
{
    public required string Term { get; set; }
    public DateTime PublishedAt { get; set; }
    public required string VideoId { get; set; }
}
