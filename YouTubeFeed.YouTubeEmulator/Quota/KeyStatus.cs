namespace YouTubeFeed.YouTubeEmulator.Quota;

/// <summary>What the admin API says about a key: never the key itself. Units are those of its project.</summary>
internal sealed record KeyStatus(string Fingerprint, int DailyUnits, int SpentUnits, bool Invalid, bool Expired, string Project);

/// <summary>What the admin API says about a project; its keys by fingerprint only.</summary>
internal sealed record ProjectStatus(
    string Name,
    IReadOnlyList<string> KeyFingerprints,
    int DailyUnits,
    int SpentUnits,
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

internal enum ChargeOutcome
{
    Charged,
    QuotaExceeded,
}

/// <param name="Project">The project the key belongs to; null when the key is unknown and refused.</param>
internal sealed record KeyCheck(KeyAccess Access, string? Project);
