using Microsoft.AspNetCore.Mvc;
using YouTubeFeed.YouTubeEmulator.Calls;

namespace YouTubeFeed.YouTubeEmulator.Videos;

/// <summary>
/// The raw query of a videos.list call, bound as text so that a bad value is answered the way Google answers it.
/// Only the <c>id</c> filter is emulated; <c>chart</c>, <c>myRating</c>, <c>maxResults</c> and <c>pageToken</c>
/// are not read.
/// </summary>
internal sealed class VideoParameters : ApiCallParameters
{
    /// <summary>Comma-separated video ids, at most 50.</summary>
    [FromQuery(Name = "id")]
    public string? Id { get; init; }
}
