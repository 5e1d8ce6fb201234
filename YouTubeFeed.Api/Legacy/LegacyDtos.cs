using System.Text.Json.Serialization;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Api.Legacy;

/// <summary>A video in the original Flask service's shape (snake_case).</summary>
public sealed record LegacyVideoDto(
    [property: JsonPropertyName("video_id")] string VideoId,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("published_at")] DateTime PublishedAt,
    [property: JsonPropertyName("thumbnail_default")] string ThumbnailDefault,
    [property: JsonPropertyName("thumbnail_medium")] string ThumbnailMedium,
    [property: JsonPropertyName("thumbnail_high")] string ThumbnailHigh)
{
    public static LegacyVideoDto From(VideoRecord video) => new(
        video.VideoId, video.Title, video.Description, video.PublishedAt,
        video.ThumbnailDefault, video.ThumbnailMedium, video.ThumbnailHigh);
}

/// <summary>The body of <c>GET /getData</c>. <c>isError</c> is a JSON boolean (the original sent the string "false").</summary>
public sealed record LegacyPageDto(
    [property: JsonPropertyName("isError")] bool IsError,
    [property: JsonPropertyName("pageNo")] int PageNo,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("totalCount")] long TotalCount,
    [property: JsonPropertyName("totalPages")] long TotalPages,
    [property: JsonPropertyName("videos")] IReadOnlyList<LegacyVideoDto> Videos);

/// <summary>The original service's status body, used by <c>/health</c>.</summary>
public sealed record LegacyStatusDto(
    [property: JsonPropertyName("isError")] bool IsError,
    [property: JsonPropertyName("message")] string Message);
