namespace YouTubeFeed.Data.Videos;

/// <summary>A stored YouTube video: what <c>search.list</c> tells about it, decoded.</summary>
public sealed class Video
{
    public required string VideoId { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }

    /// <summary>When YouTube says the video was published, in UTC.</summary>
    public DateTime PublishedAt { get; set; }

    public required string ChannelId { get; set; }
    public required string ChannelTitle { get; set; }
    public required string ThumbnailDefault { get; set; }
    public required string ThumbnailMedium { get; set; }
    public required string ThumbnailHigh { get; set; }

    /// <summary>When this service first stored the video (UTC); the watermark lag is measured from it.</summary>
    public DateTime FirstSeenAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
