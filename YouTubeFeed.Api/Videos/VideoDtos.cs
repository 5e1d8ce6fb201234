using System.Text.Json.Serialization;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Api.Videos;

/// <summary>A video as <c>GET /api/videos</c> returns it.</summary>
/// <param name="Duration">ISO 8601 (<c>PT4M13S</c>); <c>P0D</c> while a broadcast is upcoming or live. This and every
/// field after it are null until the Worker has read the video's details (usually within a minute of storing it).</param>
/// <param name="ViewCount">Views when <paramref name="StatisticsReadAt"/>.</param>
/// <param name="LikeCount">Null also when the owner hides it.</param>
/// <param name="Live"><c>none</c>, <c>upcoming</c>, <c>live</c> or <c>ended</c> (a broadcast that is over).</param>
/// <param name="Definition"><c>hd</c> or <c>sd</c>.</param>
/// <param name="IsShort">Likely a Short: no broadcast and at most 3 minutes long (the API has no Shorts flag).</param>
public sealed record VideoDto(
    string VideoId,
    string Title,
    string Description,
    DateTime PublishedAt,
    string ChannelId,
    string ChannelTitle,
    ThumbnailSetDto Thumbnails,
    string? Duration,
    int? DurationSeconds,
    long? ViewCount,
    long? LikeCount,
    long? CommentCount,
    DateTime? StatisticsReadAt,
    string? Live,
    DateTime? ScheduledStartTime,
    DateTime? ActualStartTime,
    DateTime? ActualEndTime,
    string? Definition,
    bool? IsShort)
{
    public static VideoDto From(VideoRecord video)
    {
        var details = video.Details;
        return new VideoDto(
            video.VideoId,
            video.Title,
            video.Description,
            video.PublishedAt,
            video.ChannelId,
            video.ChannelTitle,
            new ThumbnailSetDto(
                new ThumbnailDto(video.ThumbnailDefault, ThumbnailSizes.Default.Width, ThumbnailSizes.Default.Height),
                new ThumbnailDto(video.ThumbnailMedium, ThumbnailSizes.Medium.Width, ThumbnailSizes.Medium.Height),
                new ThumbnailDto(video.ThumbnailHigh, ThumbnailSizes.High.Width, ThumbnailSizes.High.Height)),
            details is null ? null : details.DurationSeconds == 0 ? "P0D" : System.Xml.XmlConvert.ToString(TimeSpan.FromSeconds(details.DurationSeconds)),
            details?.DurationSeconds,
            details?.ViewCount,
            details?.LikeCount,
            details?.CommentCount,
            details?.StatsReadAt,
            details?.Live.ToString().ToLowerInvariant(),
            details?.ScheduledStartAt,
            details?.ActualStartAt,
            details?.ActualEndAt,
            details is null || details.Definition.Length == 0 ? null : details.Definition,
            details?.IsShort);
    }
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

    /// <summary>
    /// How many videos are stored: only on the first page of the plain list (no search, filter or cursor, newest
    /// first), counted in the cached first page's snapshot; absent elsewhere (counting a filtered list is not cheap).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TotalCount { get; init; }
}
