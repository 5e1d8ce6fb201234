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

    // What videos.list tells (the Worker's enrichment); all null or default until the video is enriched.

    /// <summary>contentDetails.duration in whole seconds; 0 while a broadcast is upcoming or live.</summary>
    public int? DurationSeconds { get; set; }

    /// <summary>statistics.viewCount; 0 until read (<see cref="StatsReadAt"/> tells whether it was).</summary>
    public long ViewCount { get; set; }

    public long? LikeCount { get; set; }

    public long? CommentCount { get; set; }

    /// <summary>When the counts were read (UTC).</summary>
    public DateTime? StatsReadAt { get; set; }

    public LiveState LiveState { get; set; }

    public DateTime? ScheduledStartAt { get; set; }

    public DateTime? ActualStartAt { get; set; }

    public DateTime? ActualEndAt { get; set; }

    /// <summary>contentDetails.definition: <c>hd</c> or <c>sd</c>.</summary>
    public string? Definition { get; set; }

    /// <summary>Likely a Short (see <see cref="VideoDetails.IsShortRule"/>).</summary>
    public bool? IsShort { get; set; }

    /// <summary>When videos.list last answered for the video (UTC); null: not enriched yet.</summary>
    public DateTime? EnrichedAt { get; set; }
}
