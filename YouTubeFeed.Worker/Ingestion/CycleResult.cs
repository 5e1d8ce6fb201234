namespace YouTubeFeed.Worker.Ingestion;

/// <summary>What one fetch cycle of one query did.</summary>
/// <param name="Completed">It reached the end it was going for, and the watermark was committed.</param>
/// <param name="Problem">Why it stopped early (null when completed).</param>
public sealed record CycleResult(string Query, bool Completed, int Calls, int Pages, int NewVideos, string? Problem);
