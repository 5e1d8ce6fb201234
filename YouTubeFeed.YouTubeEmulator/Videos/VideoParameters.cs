using Microsoft.AspNetCore.Mvc;

namespace YouTubeFeed.YouTubeEmulator.Videos;

/// <summary>
/// The raw query of a videos.list call, bound as text so that a bad value is answered the way Google answers it.
/// Only the <c>id</c> filter is emulated; <c>chart</c>, <c>myRating</c>, <c>maxResults</c> and <c>pageToken</c>
/// are not read.
/// </summary>
internal sealed class VideoParameters
{
    [FromHeader(Name = "X-Goog-Api-Key")]
    public string? HeaderKey { get; init; }

    /// <summary>Google also takes the key from the query string.</summary>
    [FromQuery(Name = "key")]
    public string? QueryKey { get; init; }

    [FromQuery(Name = "part")]
    public string? Part { get; init; }

    /// <summary>Comma-separated video ids, at most 50.</summary>
    [FromQuery(Name = "id")]
    public string? Id { get; init; }

    public string? Key =>
        !string.IsNullOrEmpty(HeaderKey) ? HeaderKey
        : !string.IsNullOrEmpty(QueryKey) ? QueryKey
        : null;
}
