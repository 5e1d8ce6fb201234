using Microsoft.AspNetCore.Mvc;

namespace YouTubeFeed.YouTubeEmulator.Calls;

/// <summary>What every Data API call carries: the key (header or query string, as Google takes it) and <c>part</c>.</summary>
internal abstract class ApiCallParameters
{
    [FromHeader(Name = "X-Goog-Api-Key")]
    public string? HeaderKey { get; init; }

    /// <summary>Google also takes the key from the query string.</summary>
    [FromQuery(Name = "key")]
    public string? QueryKey { get; init; }

    [FromQuery(Name = "part")]
    public string? Part { get; init; }

    /// <summary>The key the call is made with: the header's, else the query string's.</summary>
    public string? Key =>
        !string.IsNullOrEmpty(HeaderKey) ? HeaderKey
        : !string.IsNullOrEmpty(QueryKey) ? QueryKey
        : null;
}
