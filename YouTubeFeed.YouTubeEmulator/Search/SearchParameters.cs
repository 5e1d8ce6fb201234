using Microsoft.AspNetCore.Mvc;
using YouTubeFeed.YouTubeEmulator.Calls;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>
/// The raw query of a search call. Everything binds as text so that a bad value is answered the way Google
/// answers it, not with ASP.NET's own 400.
/// </summary>
internal sealed class SearchParameters : ApiCallParameters
{
    [FromQuery(Name = "q")]
    public string? Q { get; init; }

    /// <summary>video, channel, playlist, comma-separated; absent: all three.</summary>
    [FromQuery(Name = "type")]
    public string? Type { get; init; }

    /// <summary>Absent: relevance, as on YouTube.</summary>
    [FromQuery(Name = "order")]
    public string? Order { get; init; }

    [FromQuery(Name = "maxResults")]
    public string? MaxResults { get; init; }

    [FromQuery(Name = "publishedAfter")]
    public string? PublishedAfter { get; init; }

    [FromQuery(Name = "publishedBefore")]
    public string? PublishedBefore { get; init; }

    [FromQuery(Name = "pageToken")]
    public string? PageToken { get; init; }
}
