namespace YouTubeFeed.YouTubeEmulator.Quota;

/// <summary>What the admin API says about a key: never the key itself.</summary>
internal sealed record KeyStatus(string Fingerprint, int DailyUnits, int SpentUnits, bool Invalid);

internal enum ChargeOutcome
{
    Charged,
    Invalid,
    QuotaExceeded,
}
