using System.Text.Json.Serialization;

namespace YouTubeFeed.Worker.YouTube;

// The documented JSON of search.list (https://developers.google.com/youtube/v3/docs/search/list) and of
// Google's error body, as far as we read them.

internal sealed record SearchListResponse(
    [property: JsonPropertyName("nextPageToken")] string? NextPageToken,
    [property: JsonPropertyName("items")] List<SearchResult>? Items);

internal sealed record SearchResult(
    [property: JsonPropertyName("id")] ResourceId? Id,
    [property: JsonPropertyName("snippet")] Snippet? Snippet);

internal sealed record ResourceId(
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("videoId")] string? VideoId);

internal sealed record Snippet(
    [property: JsonPropertyName("publishedAt")] DateTimeOffset? PublishedAt,
    [property: JsonPropertyName("channelId")] string? ChannelId,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("channelTitle")] string? ChannelTitle,
    [property: JsonPropertyName("thumbnails")] Thumbnails? Thumbnails);

internal sealed record Thumbnails(
    [property: JsonPropertyName("default")] Thumbnail? Default,
    [property: JsonPropertyName("medium")] Thumbnail? Medium,
    [property: JsonPropertyName("high")] Thumbnail? High);

internal sealed record Thumbnail([property: JsonPropertyName("url")] string? Url);

internal sealed record GoogleErrorResponse([property: JsonPropertyName("error")] GoogleError? Error);

internal sealed record GoogleError(
    [property: JsonPropertyName("code")] int? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("errors")] List<GoogleErrorItem>? Errors,
    [property: JsonPropertyName("details")] List<GoogleErrorDetail>? Details);

internal sealed record GoogleErrorItem(
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("message")] string? Message);

internal sealed record GoogleErrorDetail([property: JsonPropertyName("reason")] string? Reason);

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(SearchListResponse))]
[JsonSerializable(typeof(GoogleErrorResponse))]
internal sealed partial class YouTubeJsonContext : JsonSerializerContext;
