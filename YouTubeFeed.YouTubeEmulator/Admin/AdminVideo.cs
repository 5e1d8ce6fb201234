using YouTubeFeed.YouTubeEmulator.Catalog;

namespace YouTubeFeed.YouTubeEmulator.Admin;

/// <summary>A video as the catalog holds it: raw text, which the search answer HTML-escapes.</summary>
/// <param name="PublishedAt">UTC (serialized with a trailing Z).</param>
/// <param name="ListedAt">When search starts (or started) returning it.</param>
/// <param name="Visibility">public, private or deleted.</param>
/// <param name="Details">Duration, counts and broadcast as they stand at the moment of the request.</param>
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
    string Visibility,
    AdminVideoDetails Details)
{
    public static AdminVideo From(Video video, DateTimeOffset now) => new(
        video.VideoId,
        video.Topic,
        video.Title,
        video.Description,
        video.ChannelId,
        video.ChannelTitle,
        video.PublishedAt.UtcDateTime,
        video.Thumbnails,
        video.ListedAt.UtcDateTime,
        video.Visibility.Name(),
        AdminVideoDetails.From(video, now));
}

/// <summary>A video's details as numbers (videos.list writes them as strings).</summary>
/// <param name="Duration">ISO 8601 as contentDetails writes it once the video is not (or no longer) a live
/// broadcast; for a broadcast, its length.</param>
/// <param name="DurationSeconds">The same in seconds.</param>
/// <param name="StatisticsPinned">Counts set by the admin API, which no longer grow.</param>
/// <param name="Live">none, upcoming, live or ended at the moment of the request.</param>
/// <param name="LiveBroadcastContent">What search.list and videos.list say now: none, upcoming or live.</param>
/// <param name="ScheduledStartTime">When a scheduled broadcast was set to start; null otherwise.</param>
/// <param name="LiveStartTime">When the broadcast starts (or started); null for a video that is no broadcast.</param>
/// <param name="LiveEndTime">When the broadcast ends (or ended).</param>
internal sealed record AdminVideoDetails(
    string Duration,
    long DurationSeconds,
    string Definition,
    bool LicensedContent,
    long ViewCount,
    long LikeCount,
    long CommentCount,
    bool StatisticsPinned,
    string Live,
    string LiveBroadcastContent,
    DateTime? ScheduledStartTime,
    DateTime? LiveStartTime,
    DateTime? LiveEndTime)
{
    public static AdminVideoDetails From(Video video, DateTimeOffset now)
    {
        var details = video.Details;
        var counts = details.StatisticsAt(video.PublishedAt, now);
        var state = details.LiveAt(now);
        return new AdminVideoDetails(
            IsoDuration.Format(details.Duration),
            (long)details.Duration.TotalSeconds,
            details.Definition,
            details.LicensedContent,
            counts.Views,
            counts.Likes,
            counts.Comments,
            details.ViewCount is not null || details.LikeCount is not null || details.CommentCount is not null,
            state.Name(),
            state.BroadcastContent(),
            details.Live?.ScheduledStart?.UtcDateTime,
            details.Live?.ActualStart.UtcDateTime,
            details.Live?.ActualEnd.UtcDateTime);
    }
}

/// <summary>Sets some of a video's details; what is absent stays.</summary>
/// <param name="Duration">ISO 8601 (<c>PT5M</c>, <c>PT1H2M3S</c>, <c>P1DT2H</c>), at least one second. For a
/// broadcast, its length: it ends that long after it starts.</param>
/// <param name="ViewCount">Pins the count: it no longer grows. Likes and comments not pinned follow it.</param>
/// <param name="Live"><c>none</c> (no broadcast), <c>upcoming</c> (starts at <paramref name="ScheduledStartTime"/>,
/// default in an hour), <c>live</c> (started now), <c>ended</c> (ended now).</param>
/// <param name="ScheduledStartTime">With <c>upcoming</c>: when it goes live (after now). Alone: reschedules an
/// upcoming broadcast. With <c>live</c> or <c>ended</c>: the schedule it had.</param>
/// <param name="Definition"><c>hd</c> or <c>sd</c>.</param>
internal sealed record VideoDetailsUpdate(
    string? Duration,
    long? ViewCount,
    long? LikeCount,
    long? CommentCount,
    string? Live,
    DateTimeOffset? ScheduledStartTime,
    string? Definition);

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
