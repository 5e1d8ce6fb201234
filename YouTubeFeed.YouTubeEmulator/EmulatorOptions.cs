using System.ComponentModel.DataAnnotations;
using YouTubeFeed.YouTubeEmulator.Catalog;
using YouTubeFeed.YouTubeEmulator.Quota;

namespace YouTubeFeed.YouTubeEmulator;

/// <summary>Configuration section <c>Emulator</c>.</summary>
public sealed class EmulatorOptions : IValidatableObject
{
    public const string SectionName = "Emulator";

    /// <summary>Comma-separated topics of the seed and of the steady stream.</summary>
    [Required]
    public string Queries { get; set; } = "football";

    /// <summary>Videos per topic published at start, spread over the past 48 hours.</summary>
    [Range(0, 1_000_000)]
    public int SeedVideosPerQuery { get; set; } = 120;

    /// <summary>Each tick publishes one video per topic, dated now; zero disables the stream.</summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(0, int.MaxValue)]
    public int DailyUnitsPerKey { get; set; } = 10_000;

    [Range(0, int.MaxValue)]
    public int UnitsPerCall { get; set; } = 100;

    /// <summary>A search never yields more results than this across all of its pages (the real API stops near 500).</summary>
    [Range(1, 1_000_000)]
    public int MaxTotalResults { get; set; } = 500;

    /// <summary>Pre-registered keys, e.g. <c>k1:10000,k2:300,bad:invalid</c>.</summary>
    public string? Keys { get; set; }

    /// <summary>When true a key that is not registered is invalid; otherwise it gets <see cref="DailyUnitsPerKey"/>.</summary>
    public bool RejectUnknownKeys { get; set; }

    internal IReadOnlyList<string> QueryList => Topics.Split(Queries);

    internal IReadOnlyList<ConfiguredKey> KeyList =>
        ConfiguredKeys.TryParse(Keys, out var keys, out _) ? keys : [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublishInterval < TimeSpan.Zero)
        {
            yield return new ValidationResult("PublishInterval must not be negative.", [nameof(PublishInterval)]);
        }

        if (QueryList.Count == 0)
        {
            yield return new ValidationResult("Queries must name at least one topic.", [nameof(Queries)]);
        }

        if (!ConfiguredKeys.TryParse(Keys, out _, out var error))
        {
            yield return new ValidationResult(error, [nameof(Keys)]);
        }
    }
}
