using YouTubeFeed.YouTubeEmulator.Realism;

namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>
/// The details of a new video, each a function of the seed and the video id (never the next number of the shared
/// sequence), so a video has the same duration, popularity and broadcast whatever else happened in the run. The mix is
/// our estimate (README, "Video details"): a quarter Shorts, most uploads 4–20 minutes, a few broadcasts.
/// </summary>
internal sealed class VideoDetailsGenerator(Chance chance, Behaviour behaviour)
{
    private const double MedianPopularity = 2_000;
    private const double PopularitySpread = 2.0;

    public VideoDetails For(string videoId, DateTimeOffset publishedAt)
    {
        double Draw(string what) => chance.Unit("details", videoId, what);

        var published = PublishTime.ToWholeSecond(publishedAt);
        var liveDraw = Draw("live");
        LiveSchedule? live = null;
        TimeSpan duration;
        if (liveDraw < behaviour.UpcomingBroadcastShare)
        {
            // Scheduled 1–48 h ahead; it starts on time and runs 1–4 h.
            var start = published + Between(TimeSpan.FromHours(1), TimeSpan.FromHours(48), Draw("scheduled"));
            duration = BroadcastLength(videoId);
            live = new LiveSchedule(start, start, start + duration);
        }
        else if (liveDraw < behaviour.UpcomingBroadcastShare + behaviour.LiveBroadcastShare)
        {
            // Live as it is published, for 1–6 h.
            duration = Between(TimeSpan.FromHours(1), TimeSpan.FromHours(6), Draw("length"));
            live = new LiveSchedule(null, published, published + duration);
        }
        else
        {
            duration = UploadLength(Draw("kind"), Draw("duration"), Draw("long-short"));
        }

        var category = Draw("category");
        return new VideoDetails(
            duration,
            Draw("definition") < 0.8 ? "hd" : "sd",
            Draw("licensed") < 0.25,
            Popularity(Draw("popularity-1"), Draw("popularity-2")),
            0.02 + (0.03 * Draw("likes")),
            0.001 + (0.004 * Draw("comments")),
            category < 0.6 ? "17" : category < 0.85 ? "24" : "22",
            Live: live);
    }

    /// <summary>How long a broadcast the admin API starts lasts when it gives no duration: 1–4 h.</summary>
    public TimeSpan BroadcastLength(string videoId) =>
        Between(TimeSpan.FromHours(1), TimeSpan.FromHours(4), chance.Unit("details", videoId, "length"));

    // ~25 % Shorts (15–60 s, one in seven 61–180 s since Shorts may run 3 minutes), ~10 % 1–4 min, ~40 % 4–20 min,
    // ~25 % 20 min–3 h (log-uniform: an hour is the median of the long ones).
    private static TimeSpan UploadLength(double kind, double within, double longShort) => kind switch
    {
        < 0.25 => longShort < 1.0 / 7
            ? Between(TimeSpan.FromSeconds(61), TimeSpan.FromSeconds(180), within)
            : Between(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60), within),
        < 0.35 => Between(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(4), within),
        < 0.75 => Between(TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(20), within),
        _ => TimeSpan.FromSeconds(Math.Round(Math.Exp(double.Lerp(Math.Log(20 * 60), Math.Log(3 * 3600), within)))),
    };

    // Log-normal (Box–Muller from two uniform draws): median 2,000 lifetime views, one video in twenty beyond ~50,000.
    private static double Popularity(double first, double second)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - first)) * Math.Cos(2 * Math.PI * second);
        return Math.Min(Math.Exp(Math.Log(MedianPopularity) + (PopularitySpread * normal)), VideoDetails.LargestCount);
    }

    // Whole seconds in [low, high].
    private static TimeSpan Between(TimeSpan low, TimeSpan high, double draw) =>
        TimeSpan.FromSeconds(Math.Round(low.TotalSeconds + ((high - low).TotalSeconds * draw)));
}
