namespace YouTubeFeed.Data.Videos;

/// <summary>
/// A video that videos.list no longer returns (deleted, made private, or never public): its row, terms and queue
/// entry are deleted, and this tombstone keeps search.list (whose index lags) from storing it again.
/// </summary>
public sealed class GoneVideo
{
    public required string VideoId { get; set; }

    /// <summary>When the enrichment found it gone (UTC).</summary>
    public DateTime GoneAt { get; set; }
}
