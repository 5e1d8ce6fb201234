using System.Text.Json.Serialization;
using YouTubeFeed.YouTubeEmulator.Catalog;
using YouTubeFeed.YouTubeEmulator.Search;

namespace YouTubeFeed.YouTubeEmulator.Videos;

// The wire shape of videos.list; property order follows Google's responses. Counts are strings, as Google writes
// every 64-bit number.

internal sealed record VideoListResponse(string Kind, string Etag, IReadOnlyList<VideoResource> Items, PageInfo PageInfo);

/// <summary>A <c>youtube#video</c>; each part is present only when asked for (liveStreamingDetails: and only for
/// a broadcast).</summary>
internal sealed record VideoResource(
    string Kind,
    string Etag,
    string Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VideoSnippet? Snippet,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VideoContentDetails? ContentDetails,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VideoStatistics? Statistics,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VideoLiveStreamingDetails? LiveStreamingDetails);

/// <summary>Texts as stored, not HTML-escaped (unlike search.list's snippet).</summary>
internal sealed record VideoSnippet(
    string PublishedAt,
    string ChannelId,
    string Title,
    string Description,
    VideoThumbnails Thumbnails,
    string ChannelTitle,
    string CategoryId,
    string LiveBroadcastContent,
    LocalizedText Localized,
    string DefaultAudioLanguage);

internal sealed record LocalizedText(string Title, string Description);

/// <summary>videos.list adds <c>standard</c> and, for an HD video, <c>maxres</c> to search's three sizes.</summary>
internal sealed record VideoThumbnails(
    [property: JsonPropertyName("default")] Thumbnail Default,
    Thumbnail Medium,
    Thumbnail High,
    Thumbnail Standard,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Thumbnail? Maxres)
{
    public static VideoThumbnails For(string videoId, bool hd)
    {
        var search = ThumbnailSet.For(videoId);
        return new VideoThumbnails(
            search.Default,
            search.Medium,
            search.High,
            new Thumbnail($"https://i.ytimg.com/vi/{videoId}/sddefault.jpg", 640, 480),
            hd ? new Thumbnail($"https://i.ytimg.com/vi/{videoId}/maxresdefault.jpg", 1280, 720) : null);
    }
}

/// <param name="Duration">ISO 8601 (<see cref="IsoDuration"/>); <c>P0D</c> while a broadcast is upcoming or live.</param>
/// <param name="Caption"><c>"true"</c> or <c>"false"</c>: a string, as Google sends it.</param>
internal sealed record VideoContentDetails(
    string Duration,
    string Dimension,
    string Definition,
    string Caption,
    bool LicensedContent,
    ContentRating ContentRating,
    string Projection);

/// <summary>Empty (<c>{}</c>), as for nearly every video.</summary>
internal sealed record ContentRating;

internal sealed record VideoStatistics(string ViewCount, string LikeCount, string FavoriteCount, string CommentCount);

/// <summary>Each time only once it is known: actualStartTime from the start, actualEndTime from the end;
/// concurrentViewers only while live.</summary>
internal sealed record VideoLiveStreamingDetails(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ActualStartTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ActualEndTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ScheduledStartTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConcurrentViewers);
