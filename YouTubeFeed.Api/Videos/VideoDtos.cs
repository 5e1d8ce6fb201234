using System.Text.Json.Serialization;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Api.Videos;

/// <summary>A video as <c>GET /api/videos</c> returns it.</summary>
public sealed record VideoDto(
    string VideoId,
    string Title,
    string Description,
    DateTime PublishedAt,
    string ChannelId,
    string ChannelTitle,
    ThumbnailSetDto Thumbnails)
{
    public static VideoDto From(VideoRecord video) => new(
        video.VideoId,
        video.Title,
        video.Description,
        video.PublishedAt,
        video.ChannelId,
        video.ChannelTitle,
        new ThumbnailSetDto(
            new ThumbnailDto(video.ThumbnailDefault, ThumbnailSizes.Default.Width, ThumbnailSizes.Default.Height),
            new ThumbnailDto(video.ThumbnailMedium, ThumbnailSizes.Medium.Width, ThumbnailSizes.Medium.Height),
            new ThumbnailDto(video.ThumbnailHigh, ThumbnailSizes.High.Width, ThumbnailSizes.High.Height)));
}

public sealed record ThumbnailSetDto(
    [property: JsonPropertyName("default")] ThumbnailDto Default,
    ThumbnailDto Medium,
    ThumbnailDto High);

public sealed record ThumbnailDto(string Url, int Width, int Height);

/// <summary>One page of <c>GET /api/videos</c>: <c>nextCursor</c> is null on the last page.</summary>
public sealed record VideoPageDto(IReadOnlyList<VideoDto> Items, string? NextCursor)
{
    /// <summary>
    /// Present (true) only when a search stopped at its per-request walk budget before filling the page: the
    /// page holds every match up to that point, and <c>nextCursor</c> continues the search.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Partial { get; init; }
}
