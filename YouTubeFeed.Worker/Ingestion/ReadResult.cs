using YouTubeFeed.Worker.Planning;

namespace YouTubeFeed.Worker.Ingestion;

public enum ReadEnd
{
    /// <summary>Everything the read had to cover is covered.</summary>
    Reached,

    /// <summary>It used the calls it was granted; the rest stays in the ledger for a later tick.</summary>
    Granted,

    /// <summary>No key can be used now (exhausted, resting, retired).</summary>
    NoKey,

    /// <summary>A call failed (after the retries that are worth their quota).</summary>
    Failed,

    /// <summary>YouTube's pages led nowhere (empty pages or a token that repeats), and the read could not go on below.</summary>
    OddPages,

    /// <summary>The fetch lease passed to another replica.</summary>
    LeaseLost,
}

/// <summary>What one read did.</summary>
/// <param name="Calls">Calls YouTube charged for.</param>
/// <param name="NewVideos">Videos stored for the first time.</param>
/// <param name="Changed">Videos stored again with new text.</param>
public sealed record ReadResult(FetchWork Work, ReadEnd End, int Calls, int Pages, int NewVideos, int Changed, string? Problem);
