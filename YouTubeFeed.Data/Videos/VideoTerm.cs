namespace YouTubeFeed.Data.Videos;

/// <summary>
/// One row of the search index: a normalised word prefix that occurs in a video's title or description.
/// </summary>
/// <remarks>
/// Why our own index and not FULLTEXT: MySQL's and MariaDB's full-text indexes drop words shorter than
/// three letters and (by default) common words, so "how to" would find nothing, and they return matches
/// unordered, so "newest first" has to sort every match. Keyed by (term, published_at, video_id), one
/// term's rows come out newest first straight from the index, and every word of a query is a point lookup.
/// </remarks>
public sealed class VideoTerm
{
    public required string Term { get; set; }
    public DateTime PublishedAt { get; set; }
    public required string VideoId { get; set; }
}
