using System.ComponentModel.DataAnnotations;

namespace YouTubeFeed.Worker.YouTube;

/// <summary>Every setting of the YouTube side, bound from the <c>YouTube</c> section (environment <c>YouTube__…</c>).</summary>
public sealed class YouTubeOptions
{
    public const string Section = "YouTube";

    /// <summary>The original project's variable name for the keys, still accepted.</summary>
    public const string LegacyKeysVariable = "YOUTUBE_API_KEYS";

    /// <summary>API keys, comma-separated. Never logged: keys are named by <see cref="KeyFingerprint"/>.</summary>
    public string? ApiKeys { get; set; }

    /// <summary>The search queries, comma-separated.</summary>
    [Required]
    public string Query { get; set; } = "football";

    [Required]
    public Uri BaseUrl { get; set; } = new("https://www.googleapis.com/youtube/v3/");

    /// <summary>Time between fetch cycles while quota allows (pacing may stretch it, never shorten it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan FetchInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Quota units each key may spend per Pacific-time day (Google's default project quota).</summary>
    [Range(1, int.MaxValue)]
    public int DailyQuotaUnits { get; set; } = 10_000;

    /// <summary>Quota units one <c>search.list</c> call costs.</summary>
    [Range(1, int.MaxValue)]
    public int UnitsPerCall { get; set; } = 100;

    /// <summary>Stretch the interval so that the remaining quota lasts until it resets.</summary>
    public bool QuotaPacing { get; set; } = true;

    /// <summary>
    /// How far before the watermark each cycle asks again, to catch videos YouTube indexes late. Videos seen
    /// again cost nothing but part of one page.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan WatermarkOverlap { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 50)]
    public int PageSize { get; set; } = 50;

    /// <summary>A stop for one cycle's paging, far above the ~10 pages YouTube returns for one search.</summary>
    [Range(1, 1000)]
    public int MaxPagesPerCycle { get; set; } = 40;

    /// <summary>Timeout of one HTTP attempt; a transient failure is retried twice with backoff.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a key waits after a rate-limit answer that names no time.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RateLimitBackoff { get; set; } = TimeSpan.FromMinutes(1);

    public IReadOnlyList<string> Queries => Split(Query);

    public IReadOnlyList<string> Keys => Split(ApiKeys);

    private static List<string> Split(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
