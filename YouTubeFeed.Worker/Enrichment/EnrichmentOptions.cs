using System.ComponentModel.DataAnnotations;

namespace YouTubeFeed.Worker.Enrichment;

/// <summary>
/// How the Worker asks <c>videos.list</c> about stored videos (section <c>Enrichment</c>). Every call costs
/// <see cref="UnitsPerCall"/> of the key's project's general bucket (<see cref="DailyUnitsPerProject"/>), which
/// search.list does not touch.
/// </summary>
public sealed class EnrichmentOptions : IValidatableObject
{
    public const string Section = "Enrichment";

    /// <summary>Time between rounds; a video stored now is enriched within about this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Units of a project's general bucket a day (Google's default: 10,000), reset at midnight Pacific time.</summary>
    [Range(1, int.MaxValue)]
    public int DailyUnitsPerProject { get; set; } = 10_000;

    /// <summary>Units of one videos.list call (1).</summary>
    [Range(1, 10_000)]
    public int UnitsPerCall { get; set; } = 1;

    /// <summary>
    /// Share of the general bucket of each project kept for refreshing statistics; the rest is for new videos (and
    /// existing rows not enriched yet). 0 turns the refresh off.
    /// </summary>
    [Range(0.0, 1.0)]
    public double RefreshShare { get; set; } = 0.2;

    /// <summary>Statistics are refreshed for videos published within this window …</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan RefreshWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>… when they were read longer ago than this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan RefreshAfter { get; set; } = TimeSpan.FromHours(6);

    /// <summary>At most this many calls a round (each of up to 50 videos).</summary>
    [Range(1, 10_000)]
    public int MaxCallsPerRound { get; set; } = 20;

    /// <summary>Units a project may spend refreshing a day.</summary>
    public long RefreshUnits => (long)Math.Floor(DailyUnitsPerProject * RefreshShare);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UnitsPerCall > DailyUnitsPerProject)
        {
            yield return new ValidationResult("Enrichment:UnitsPerCall exceeds Enrichment:DailyUnitsPerProject: no call could be made.", [nameof(UnitsPerCall)]);
        }
    }
}

/// <summary>How long stored videos are kept (section <c>Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// Videos published longer ago than this are deleted, each enrichment round (off when unset). YouTube's developer
    /// policies ask that API data not be kept longer than 30 days without being refreshed: <c>30.00:00:00</c> with a
    /// <see cref="EnrichmentOptions.RefreshWindow"/> of at least as long follows them.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "36500.00:00:00")]
    public TimeSpan? MaxAge { get; set; }

    /// <summary>At most this many videos deleted a round.</summary>
    [Range(1, 100_000)]
    public int MaxDeletesPerRound { get; set; } = 1_000;
}
