namespace YouTubeFeed.YouTubeEmulator.Quota;

/// <summary>What the admin API says about a key: never the key itself. Units are those of its project.</summary>
internal sealed record KeyStatus(string Fingerprint, int DailyUnits, int SpentUnits, bool Invalid, bool Expired, string Project);

/// <summary>What the admin API says about a project; its keys by fingerprint only.</summary>
/// <param name="DailyUnits">Of the search bucket (search.list).</param>
/// <param name="GeneralDailyUnits">Of the general bucket (videos.list and every other method).</param>
internal sealed record ProjectStatus(
    string Name,
    IReadOnlyList<string> KeyFingerprints,
    int DailyUnits,
    int SpentUnits,
    int GeneralDailyUnits,
    int GeneralSpentUnits,
    bool ApiEnabled,
    DateTimeOffset? EnableAt);

/// <summary>Whether a key may call at all, checked before anything is charged.</summary>
internal enum KeyAccess
{
    Usable,
    Invalid,
    Expired,

    /// <summary>The YouTube Data API is disabled for the key's project.</summary>
    ApiDisabled,
}

/// <summary>Google's current quota page: search.list has a bucket of its own; every other method draws on one
/// default bucket of 10,000 units a day. Both belong to the project and reset at midnight Pacific time.</summary>
internal enum QuotaBucket
{
    Search,
    General,
}

internal enum ChargeOutcome
{
    Charged,
    QuotaExceeded,
}

/// <param name="Project">The project the key belongs to; null when the key is unknown and refused.</param>
internal sealed record KeyCheck(KeyAccess Access, string? Project);
