using YouTubeFeed.YouTubeEmulator.Catalog;

namespace YouTubeFeed.YouTubeEmulator.Admin;

/// <summary>A video as the catalog holds it: raw text, which the search answer HTML-escapes.</summary>
/// <param name="PublishedAt">UTC (serialized with a trailing Z).</param>
/// <param name="ListedAt">When search starts (or started) returning it.</param>
/// <param name="Visibility">public, private or deleted.</param>
internal sealed record AdminVideo(
    string VideoId,
    string Query,
    string Title,
    string Description,
    string ChannelId,
    string ChannelTitle,
    DateTime PublishedAt,
    ThumbnailSet Thumbnails,
    DateTime ListedAt,
    string Visibility)
{
    public static AdminVideo From(Video video) => new(
        video.VideoId,
        video.Topic,
        video.Title,
        video.Description,
        video.ChannelId,
        video.ChannelTitle,
        video.PublishedAt.UtcDateTime,
        video.Thumbnails,
        video.ListedAt.UtcDateTime,
        video.Visibility.Name());
}

/// <param name="PublishedAt">The newest one's; default now.</param>
/// <param name="Spacing">Between consecutive videos, going back in time; default one second.</param>
/// <param name="Title">Applies to every created video; generated when absent (as are the other texts).</param>
/// <param name="IndexDelay">hh:mm:ss after publication until search lists the videos; <c>random</c>: the
/// profile's late-indexing draw for each; absent: listed at once.</param>
/// <param name="Items">Explicit videos, each with its own time (then Count, PublishedAt and Spacing are not used).</param>
internal sealed record PublishVideosRequest(
    string? Query,
    int? Count,
    DateTimeOffset? PublishedAt,
    TimeSpan? Spacing,
    string? Title,
    string? Description,
    string? ChannelId,
    string? ChannelTitle,
    string? IndexDelay,
    IReadOnlyList<PublishVideoItem>? Items);

/// <param name="IndexDelay">As <see cref="PublishVideosRequest.IndexDelay"/>, for this video; absent: the request's.</param>
internal sealed record PublishVideoItem(
    DateTimeOffset? PublishedAt,
    string? IndexDelay,
    string? Title,
    string? Description,
    string? ChannelId,
    string? ChannelTitle);

internal sealed record VisibilityRequest(string? Visibility);
