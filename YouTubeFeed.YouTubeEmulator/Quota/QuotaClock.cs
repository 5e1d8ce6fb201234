namespace YouTubeFeed.YouTubeEmulator.Quota;

/// <summary>YouTube quota days start at midnight Pacific time, not UTC.</summary>
internal sealed class QuotaClock(TimeProvider time)
{
    private readonly TimeZoneInfo pacific = FindPacific();

    public DateOnly Today() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), pacific).DateTime);

    private static TimeZoneInfo FindPacific()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        }
        catch (TimeZoneNotFoundException)
        {
            // A container without tzdata: standard time all year is off by an hour in summer, close enough.
            return TimeZoneInfo.CreateCustomTimeZone("Pacific Standard Time (fixed)", TimeSpan.FromHours(-8), "PST", "PST");
        }
    }
}
