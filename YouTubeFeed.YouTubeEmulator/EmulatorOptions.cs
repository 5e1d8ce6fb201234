using System.ComponentModel.DataAnnotations;
using YouTubeFeed.YouTubeEmulator.Catalog;
using YouTubeFeed.YouTubeEmulator.Quota;
using YouTubeFeed.YouTubeEmulator.Realism;

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

    /// <summary><c>youtube</c> (every unkind behaviour at realistic rates) or <c>exact</c> (none of them).
    /// Each knob below that is set overrides the profile's value.</summary>
    [Required]
    public string Behaviour { get; set; } = Realism.Behaviour.YouTube;

    /// <summary>Seed of every random choice; absent: a random seed.</summary>
    public int? RandomSeed { get; set; }

    /// <summary>Share of new videos that search lists only after a delay (youtube 0.10).</summary>
    [Range(0.0, 1.0)]
    public double? LateShare { get; set; }

    /// <summary>Shortest such delay (00:05:00).</summary>
    public TimeSpan? LateDelayMin { get; set; }

    /// <summary>Longest such delay (02:00:00).</summary>
    public TimeSpan? LateDelayMax { get; set; }

    /// <summary>Fewest results a chain of pages yields before it is cut (youtube 300, exact MaxTotalResults).</summary>
    [Range(1, 1_000_000)]
    public int? ResultCapMin { get; set; }

    /// <summary>Most results a chain of pages yields (MaxTotalResults).</summary>
    [Range(1, 1_000_000)]
    public int? ResultCapMax { get; set; }

    /// <summary>Share of pages with fewer items than asked, though more follow (youtube 0.10).</summary>
    [Range(0.0, 1.0)]
    public double? ShortPageShare { get; set; }

    /// <summary>Share of pages without items but with a nextPageToken (youtube 0.03).</summary>
    [Range(0.0, 1.0)]
    public double? EmptyPageShare { get; set; }

    /// <summary>Share of pages whose nextPageToken is the token that asked for them (youtube 0.03).</summary>
    [Range(0.0, 1.0)]
    public double? RepeatedTokenShare { get; set; }

    /// <summary>Share of results that are channels or playlists when a search has no <c>type</c> (youtube 0.10).</summary>
    [Range(0.0, 0.9)]
    public double? NonVideoShare { get; set; }

    /// <summary>Share of calls answered 503 backendError (youtube 0.01).</summary>
    [Range(0.0, 1.0)]
    public double? ErrorShare { get; set; }

    /// <summary>Share of calls refused for rate (youtube 0.005): half 403 rateLimitExceeded, half 429.</summary>
    [Range(0.0, 1.0)]
    public double? RateLimitShare { get; set; }

    /// <summary>Share of new videos that are scheduled broadcasts: upcoming, live 1–48 h after publication, ended
    /// 1–4 h later (youtube 0.03).</summary>
    [Range(0.0, 1.0)]
    public double? UpcomingBroadcastShare { get; set; }

    /// <summary>Share of new videos that are live when published and end 1–6 h later (youtube 0.02).</summary>
    [Range(0.0, 1.0)]
    public double? LiveBroadcastShare { get; set; }

    /// <summary>Daily units of a one-key project, when set (kept for older configurations); else
    /// <see cref="DailyUnitsPerProject"/>.</summary>
    [Range(0, int.MaxValue)]
    public int? DailyUnitsPerKey { get; set; }

    /// <summary>Daily units of a Google Cloud project, shared by all of its keys.</summary>
    [Range(0, int.MaxValue)]
    public int DailyUnitsPerProject { get; set; } = 10_000;

    /// <summary>Cost of a search.list call, drawn from the project's search bucket.</summary>
    [Range(0, int.MaxValue)]
    public int UnitsPerCall { get; set; } = 100;

    /// <summary>Daily units of a project's general bucket, which every method but search.list draws on (Google's
    /// default: 10,000 units a day for all other endpoints).</summary>
    [Range(0, int.MaxValue)]
    public int DailyGeneralUnitsPerProject { get; set; } = 10_000;

    /// <summary>Cost of a videos.list call, drawn from the project's general bucket.</summary>
    [Range(0, int.MaxValue)]
    public int VideosUnitsPerCall { get; set; } = 1;

    /// <summary>Default of ResultCapMax: no chain yields more results (the real API stops near 500).</summary>
    [Range(1, 1_000_000)]
    public int MaxTotalResults { get; set; } = 500;

    /// <summary>Pre-registered keys, e.g. <c>k1:10000,k2:300,bad:invalid</c>.</summary>
    public string? Keys { get; set; }

    /// <summary>Projects by name, each the comma-separated keys that share its bucket
    /// (<c>Emulator:Projects:main=k1,k2</c>).</summary>
    public Dictionary<string, string> Projects { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Comma-separated names of projects whose YouTube Data API is disabled.</summary>
    public string? DisabledProjects { get; set; }

    /// <summary>When true a key that is not registered is invalid; otherwise it is a project of its own.</summary>
    public bool RejectUnknownKeys { get; set; }

    internal IReadOnlyList<string> QueryList => Topics.Split(Queries);

    internal IReadOnlyList<ConfiguredKey> KeyList =>
        ConfiguredKeys.TryParse(Keys, out var keys, out _) ? keys : [];

    internal int DailyUnitsOfOneKeyProject => DailyUnitsPerKey ?? DailyUnitsPerProject;

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

        if (Behaviour.Trim().ToLowerInvariant() is not (Realism.Behaviour.YouTube or Realism.Behaviour.Exact))
        {
            yield return new ValidationResult("Behaviour must be youtube or exact.", [nameof(Behaviour)]);
        }

        if (LateDelayMin < TimeSpan.Zero || LateDelayMax < (LateDelayMin ?? TimeSpan.FromMinutes(5)) || LateDelayMax < TimeSpan.Zero)
        {
            yield return new ValidationResult("LateDelayMin must not be negative nor exceed LateDelayMax.", [nameof(LateDelayMin), nameof(LateDelayMax)]);
        }

        if (UpcomingBroadcastShare + LiveBroadcastShare > 1.0)
        {
            yield return new ValidationResult("UpcomingBroadcastShare and LiveBroadcastShare must not add up to more than 1.", [nameof(UpcomingBroadcastShare), nameof(LiveBroadcastShare)]);
        }

        if (ResultCapMin > (ResultCapMax ?? MaxTotalResults))
        {
            yield return new ValidationResult("ResultCapMin must not exceed ResultCapMax (default MaxTotalResults).", [nameof(ResultCapMin)]);
        }
    }
}
