namespace YouTubeFeed.Worker.Coverage;

/// <summary>
/// A query's publish rate, learned from what it stores: videos per hour for each hour of the (UTC) day, smoothed
/// across days so that the day's rhythm emerges, and a recent rate for hours not learned yet.
/// </summary>
public sealed class PublishRate
{
    /// <summary>How much one new day moves an hour's learned rate.</summary>
    private const double DayWeight = 0.35;

    /// <summary>How much one closed hour moves the recent rate.</summary>
    private const double HourWeight = 0.3;

    /// <summary>A closed hour is one the reads have passed by this much (late and short-delayed videos are in).</summary>
    private static readonly TimeSpan CloseAfter = TimeSpan.FromMinutes(10);

    /// <summary>Videos per hour by UTC hour of day; negative while unknown.</summary>
    public double[] Hourly { get; set; } = Enumerable.Repeat(-1.0, 24).ToArray();

    /// <summary>
    /// Videos per hour by UTC hour of day as the pages themselves show it (results over the time they span): what the
    /// rate is learned from for hours never read whole (a query the quota cannot read whole); negative while unknown.
    /// </summary>
    public double[] Density { get; set; } = Enumerable.Repeat(-1.0, 24).ToArray();

    /// <summary>Videos per hour over the last closed hours; negative while unknown.</summary>
    public double Recent { get; set; } = -1;

    /// <summary>New videos counted per hour (hours since the Unix epoch) that is not closed yet.</summary>
    public Dictionary<long, int> Open { get; set; } = [];

    /// <summary>The last closed hour (hours since the Unix epoch); null until the first reads settle.</summary>
    public long? ClosedThrough { get; set; }

    /// <summary>Expected videos per hour at <paramref name="instant"/>.</summary>
    public double At(DateTime instant)
    {
        var learned = Hourly[instant.Hour];
        var density = Density[instant.Hour];
        return learned >= 0 ? learned : density >= 0 ? density : Recent >= 0 ? Recent : 1;
    }

    /// <summary>Learns from a complete count: <paramref name="count"/> videos published between the two instants.</summary>
    public void ObserveCount(int count, DateTime from, DateTime to)
    {
        if (to - from < TimeSpan.FromMinutes(5))
        {
            return;
        }

        var rate = count / (to - from).TotalHours;
        var slot = (from + ((to - from) / 2)).Hour;
        Density[slot] = Density[slot] >= 0 ? ((1 - HourWeight) * Density[slot]) + (HourWeight * rate) : rate;
    }

    /// <summary>Learns from a page of <paramref name="count"/> results published between the two instants.</summary>
    public void ObservePage(int count, DateTime oldest, DateTime newest)
    {
        // A page that spans minutes is a burst (a channel's uploads, a test's seed), not a rate to plan a day by.
        if (count < 20 || newest - oldest < TimeSpan.FromMinutes(5))
        {
            return;
        }

        var rate = (count - 1) / (newest - oldest).TotalHours;
        var slot = (oldest + ((newest - oldest) / 2)).Hour;
        Density[slot] = Density[slot] >= 0 ? ((1 - HourWeight) * Density[slot]) + (HourWeight * rate) : rate;
        Recent = Recent >= 0 ? Recent : rate;
    }

    /// <summary>Expected videos published in <paramref name="span"/>.</summary>
    public double Expected(Span span)
    {
        if (span.IsEmpty)
        {
            return 0;
        }

        double total = 0;
        var cursor = span.Low;
        while (cursor < span.High)
        {
            var hourEnd = new DateTime(cursor.Year, cursor.Month, cursor.Day, cursor.Hour, 0, 0, DateTimeKind.Utc).AddHours(1);
            var end = hourEnd < span.High ? hourEnd : span.High;
            total += At(cursor) * (end - cursor).TotalHours;
            cursor = end;
        }

        return total;
    }

    /// <summary>Counts a video stored for the first time.</summary>
    public void CountNew(DateTime publishedAt)
    {
        var hour = HourOf(publishedAt);
        if (ClosedThrough is { } closed && hour <= closed)
        {
            // Found after its hour closed (indexed late): it still belongs to the hour's rate.
            var slot = publishedAt.Hour;
            Hourly[slot] = Hourly[slot] >= 0 ? Hourly[slot] + DayWeight : 1;
            return;
        }

        Open[hour] = Open.GetValueOrDefault(hour) + 1;
    }

    /// <summary>Closes the hours that reads have passed: their counts become rates.</summary>
    /// <param name="readFrom">The oldest instant the current reads cover without a hole (hours before it are not counted whole).</param>
    /// <param name="readTo">The newest instant read.</param>
    public void Close(DateTime readFrom, DateTime readTo)
    {
        var last = HourOf(readTo - CloseAfter) - 1;
        var first = ClosedThrough is { } closed ? closed + 1 : HourOf(readFrom) + 1;
        for (var hour = first; hour <= last; hour++)
        {
            var count = Open.GetValueOrDefault(hour);
            var slot = (int)(((hour % 24) + 24) % 24);
            Hourly[slot] = Hourly[slot] >= 0 ? ((1 - DayWeight) * Hourly[slot]) + (DayWeight * count) : count;
            Recent = Recent >= 0 ? ((1 - HourWeight) * Recent) + (HourWeight * count) : count;
            ClosedThrough = hour;
        }

        foreach (var stale in Open.Keys.Where(h => ClosedThrough is { } c && h <= c).ToList())
        {
            Open.Remove(stale);
        }
    }

    private static long HourOf(DateTime instant) => (long)Math.Floor((instant - DateTime.UnixEpoch).TotalHours);
}
