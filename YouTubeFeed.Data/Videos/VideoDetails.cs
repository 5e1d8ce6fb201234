namespace YouTubeFeed.Data.Videos;

/// <summary>A video's broadcast state as videos.list last told it (stored as a number).</summary>
public enum LiveState : byte
{
    /// <summary>Not a broadcast.</summary>
    None = 0,

    /// <summary>A scheduled broadcast that has not started.</summary>
    Upcoming = 1,

    /// <summary>Broadcasting now.</summary>
    Live = 2,

    /// <summary>A broadcast that is over (now a recording).</summary>
    Ended = 3,
}

/// <summary>What videos.list tells about a stored video (the Worker's enrichment). Times are UTC.</summary>
/// <param name="DurationSeconds">0 while a broadcast is upcoming or live (YouTube says <c>P0D</c>).</param>
/// <param name="ViewCount">Null when the owner hides the count (or it was not read).</param>
/// <param name="StatsReadAt">When the counts were read.</param>
/// <param name="Definition"><c>hd</c> or <c>sd</c>.</param>
/// <param name="IsShort">Likely a Short: see <see cref="IsShortRule"/>.</param>
/// <param name="EnrichedAt">When videos.list last answered for the video.</param>
public sealed record VideoDetails(
    int DurationSeconds,
    long? ViewCount,
    long? LikeCount,
    long? CommentCount,
    DateTime StatsReadAt,
    LiveState Live,
    DateTime? ScheduledStartAt,
    DateTime? ActualStartAt,
    DateTime? ActualEndAt,
    string Definition,
    bool IsShort,
    DateTime EnrichedAt)
{
    /// <summary>YouTube allows Shorts of up to three minutes (since October 2024).</summary>
    public const int ShortMaxSeconds = 180;

    /// <summary>
    /// The API has no Shorts flag. A video that is no broadcast and lasts at most <see cref="ShortMaxSeconds"/> is taken
    /// for a Short: it misses nothing that is a Short, but also takes short ordinary uploads (trailers, clips) for Shorts.
    /// </summary>
    public static bool IsShortRule(int durationSeconds, LiveState live) =>
        live == LiveState.None && durationSeconds is > 0 and <= ShortMaxSeconds;
}
