namespace YouTubeFeed.Worker.Ingestion;

/// <summary>What one tick did for one query (all its reads together).</summary>
/// <param name="Completed">After the tick the query has no unread gap, its backfill is done and its new videos were read to now.</param>
/// <param name="Problem">Why a read stopped early (null when none did).</param>
public sealed record CycleResult(string Query, bool Completed, int Calls, int Pages, int NewVideos, string? Problem);
