using System.ComponentModel.DataAnnotations;

namespace YouTubeFeed.Api;

/// <summary>The Api's own settings, bound from the <c>Api</c> section (environment <c>Api__…</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// Secret that signs cursors; every replica needs the same one (the AppHost generates it). Required outside
    /// Development (the Api refuses to start without it); in Development a missing key means a random one per
    /// process, and a cursor is good only with the process that issued it.
    /// </summary>
    public string? CursorSigningKey { get; set; }

    /// <summary>
    /// The key that signed cursors before <see cref="CursorSigningKey"/>: still accepted, never used to sign. Rotating:
    /// give every replica the new key here first, then swap the two, then drop this one (README, "Cursors").
    /// </summary>
    public string? CursorSigningKeyPrevious { get; set; }

    /// <summary>Requests one client (IP address) may make per <see cref="RateLimitWindow"/>; 0 turns the limit off.</summary>
    [Range(0, int.MaxValue)]
    public int RateLimitPermits { get; set; } = 600;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the in-process copy of the cached first page is trusted without news from Redis.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan FirstPageLocalTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest accepted <c>q</c>, in characters.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>Most words accepted in <c>q</c>.</summary>
    public const int MaxQueryWords = 10;
}
