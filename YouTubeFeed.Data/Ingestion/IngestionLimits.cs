namespace YouTubeFeed.Data.Ingestion;

/// <summary>Column sizes of the ingestion tables, in one place so that the schema and the start-up checks agree.</summary>
public static class IngestionLimits
{
    /// <summary>The longest search query the Worker can keep a ledger for; a longer one is refused at start.</summary>
    public const int QueryLength = 200;

    public const int ProjectNameLength = 100;

    public const int FingerprintLength = 16;

    public const int ReasonLength = 200;

    public const int HolderLength = 200;
}
