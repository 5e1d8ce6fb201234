using System.ComponentModel.DataAnnotations;

namespace YouTubeFeed.Worker.YouTube;

/// <summary>How the Worker talks to the YouTube Data API (section <c>YouTube</c>, environment <c>YouTube__…</c>).</summary>
public sealed class YouTubeClientOptions
{
    public const string Section = "YouTube";

    [Required]
    public Uri BaseUrl { get; set; } = new("https://www.googleapis.com/youtube/v3/");

    /// <summary>
    /// Timeout of one call. A call is never retried by the HTTP client: every attempt costs quota, so the fetch
    /// cycle decides (and counts) each retry itself.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Results asked for per page (<c>maxResults</c>); 50 is YouTube's largest, and every call costs the same.</summary>
    [Range(1, 50)]
    public int PageSize { get; set; } = 50;
}
