namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>Where a live broadcast stands at a given time. An ended broadcast is an ordinary video again
/// (<c>liveBroadcastContent</c> <c>none</c>) that keeps its <c>liveStreamingDetails</c>.</summary>
internal enum LiveState
{
    None,
    Upcoming,
    Live,
    Ended,
}

internal static class LiveStates
{
    private static readonly Dictionary<string, LiveState> ByName = new(StringComparer.Ordinal)
    {
        ["none"] = LiveState.None,
        ["upcoming"] = LiveState.Upcoming,
        ["live"] = LiveState.Live,
        ["ended"] = LiveState.Ended,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string? text, out LiveState state) => ByName.TryGetValue(text ?? "", out state);

    public static string Name(this LiveState state) => ByName.First(pair => pair.Value == state).Key;

    /// <summary>snippet.liveBroadcastContent: <c>upcoming</c>, <c>live</c>, or <c>none</c> (an ended broadcast too).</summary>
    public static string BroadcastContent(this LiveState state) => state switch
    {
        LiveState.Upcoming => "upcoming",
        LiveState.Live => "live",
        _ => "none",
    };
}

/// <summary>A broadcast: it is upcoming before <paramref name="ActualStart"/>, live until <paramref name="ActualEnd"/>,
/// ended after. All times UTC, whole seconds.</summary>
/// <param name="ScheduledStart">Null for a broadcast that went live without being scheduled.</param>
internal sealed record LiveSchedule(DateTimeOffset? ScheduledStart, DateTimeOffset ActualStart, DateTimeOffset ActualEnd)
{
    public LiveState StateAt(DateTimeOffset now) =>
        now < ActualStart ? LiveState.Upcoming
        : now < ActualEnd ? LiveState.Live
        : LiveState.Ended;

    public TimeSpan Length => ActualEnd - ActualStart;
}

/// <summary>
/// What videos.list tells about a video beyond its snippet, fixed at publish (a function of the seed and the video id,
/// see <see cref="VideoDetailsGenerator"/>) except what the admin API sets. Counts are not stored: they grow with the
/// video's age (<see cref="StatisticsAt"/>) unless the admin pinned them.
/// </summary>
/// <param name="Duration">Whole seconds. For a broadcast, its length (the duration of the recording once it ended).</param>
/// <param name="Definition"><c>hd</c> or <c>sd</c>.</param>
/// <param name="Popularity">Views the video tends to over its life (log-normal across videos).</param>
/// <param name="LikeRate">Likes per view.</param>
/// <param name="CommentRate">Comments per view.</param>
/// <param name="CategoryId">snippet.categoryId.</param>
/// <param name="ViewCount">Pinned by the admin API; null: grows with age.</param>
/// <param name="Live">Null: never a broadcast.</param>
internal sealed record VideoDetails(
    TimeSpan Duration,
    string Definition,
    bool LicensedContent,
    double Popularity,
    double LikeRate,
    double CommentRate,
    string CategoryId,
    long? ViewCount = null,
    long? LikeCount = null,
    long? CommentCount = null,
    LiveSchedule? Live = null)
{
    /// <summary>Half a video's lifetime views come within this time of it becoming watchable (our estimate).</summary>
    public static readonly TimeSpan HalfViewsAfter = TimeSpan.FromDays(2);

    /// <summary>No count grows beyond this (about YouTube's most viewed video).</summary>
    public const long LargestCount = 20_000_000_000;

    public LiveState LiveAt(DateTimeOffset now) => Live?.StateAt(now) ?? LiveState.None;

    /// <summary>Counts at <paramref name="now"/>: nothing before a broadcast starts; then views approach
    /// <see cref="Popularity"/> as age / (age + <see cref="HalfViewsAfter"/>), so they never go down and a later
    /// read shows more; likes and comments are fixed shares of the views.</summary>
    public VideoCounts StatisticsAt(DateTimeOffset publishedAt, DateTimeOffset now)
    {
        var watchableFrom = Live?.ActualStart ?? publishedAt;
        var age = now - watchableFrom;
        var grown = age <= TimeSpan.Zero ? 0 : Popularity * (age / (age + HalfViewsAfter));
        var views = ViewCount ?? (long)Math.Min(Math.Floor(grown), LargestCount);
        return new VideoCounts(
            views,
            LikeCount ?? (long)Math.Floor(views * LikeRate),
            CommentCount ?? (long)Math.Floor(views * CommentRate));
    }
}

internal readonly record struct VideoCounts(long Views, long Likes, long Comments);
