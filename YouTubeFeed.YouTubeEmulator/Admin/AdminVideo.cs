using YouTubeFeed.YouTubeEmulator.Catalog;

namespace YouTubeFeed.YouTubeEmulator.Admin;

/// <summary>A video as the catalog holds it: raw text, which the search answer HTML-escapes.</summary>
/// <param name="PublishedAt">UTC (serialized with a trailing Z).</param>
internal sealed record AdminVideo(
    string VideoId,
    string Query,
    string Title,
    string Description,
    string ChannelId,
    string ChannelTitle,
    DateTime PublishedAt,
    ThumbnailSet Thumbnails)
{
    public static AdminVideo From(Video video) => new(
        video.VideoId,
        video.Topic,
        video.Title,
        video.Description,
        video.ChannelId,
        video.ChannelTitle,
        video.PublishedAt.UtcDateTime,
        video.Thumbnails);
}

/// <param name="PublishedAt">The newest one's; default now.</param>
/// <param name="Spacing">Between consecutive videos, going back in time; default one second.</param>
/// <param name="Title">Applies to every created video; generated when absent (as are the other texts).</param>
internal sealed record PublishVideosRequest(
    string? Query,
    int? Count,
    DateTimeOffset? PublishedAt,
    TimeSpan? Spacing,
    string? Title,
    string? Description,
    string? ChannelId,
    string? ChannelTitle);
