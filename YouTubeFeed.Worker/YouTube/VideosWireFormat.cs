using System.Text.Json.Serialization;

namespace YouTubeFeed.Worker.YouTube;

// The documented JSON of videos.list (https://developers.google.com/youtube/v3/docs/videos/list), as far as we
// read it. Counts are strings on the wire.

internal sealed record VideoListResponse([property: JsonPropertyName("items")] List<VideoResource>? Items);

internal sealed record VideoResource(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("snippet")] VideoSnippet? Snippet,
    [property: JsonPropertyName("contentDetails")] VideoContentDetails? ContentDetails,
    [property: JsonPropertyName("statistics")] VideoStatistics? Statistics,
    [property: JsonPropertyName("liveStreamingDetails")] VideoLiveStreamingDetails? LiveStreamingDetails);

internal sealed record VideoSnippet([property: JsonPropertyName("liveBroadcastContent")] string? LiveBroadcastContent);

internal sealed record VideoContentDetails(
    [property: JsonPropertyName("duration")] string? Duration,
    [property: JsonPropertyName("definition")] string? Definition);

internal sealed record VideoStatistics(
    [property: JsonPropertyName("viewCount")] string? ViewCount,
    [property: JsonPropertyName("likeCount")] string? LikeCount,
    [property: JsonPropertyName("commentCount")] string? CommentCount);

internal sealed record VideoLiveStreamingDetails(
    [property: JsonPropertyName("scheduledStartTime")] DateTimeOffset? ScheduledStartTime,
    [property: JsonPropertyName("actualStartTime")] DateTimeOffset? ActualStartTime,
    [property: JsonPropertyName("actualEndTime")] DateTimeOffset? ActualEndTime);

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(VideoListResponse))]
internal sealed partial class VideosJsonContext : JsonSerializerContext;
