namespace YouTubeFeed.Data.Videos;

/// <summary>A video as Worker, cache and Api pass it around: decoded text, UTC time.</summary>
/// <param name="Details">What videos.list told about it; null until the Worker enriched it (search.list tells none of it).</param>
public sealed record VideoRecord(
    string VideoId,
    string Title,
    string Description,
    DateTime PublishedAt,
    string ChannelId,
    string ChannelTitle,
    string ThumbnailDefault,
    string ThumbnailMedium,
    string ThumbnailHigh,
    VideoDetails? Details = null);

/// <summary>The sizes YouTube gives its standard video thumbnails (search.list always uses these three).</summary>
public static class ThumbnailSizes
{
    public static readonly (int Width, int Height) Default = (120, 90);
    public static readonly (int Width, int Height) Medium = (320, 180);
    public static readonly (int Width, int Height) High = (480, 360);
}
