using System.Globalization;

namespace YouTubeFeed.YouTubeEmulator.Catalog;

internal static class PublishTime
{
    /// <summary>YouTube timestamps have whole seconds; storing finer ones would sort differently from what clients see.</summary>
    public static DateTimeOffset ToWholeSecond(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
