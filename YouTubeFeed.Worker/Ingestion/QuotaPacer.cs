using Microsoft.Extensions.Options;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>
/// Spreads the remaining quota over the time left until it resets. One key's 10,000 units last 100 calls,
/// under 17 minutes at one call every 10 s; rather than go dark for the rest of the day, the interval is
/// stretched to the pace the remaining units can keep up until midnight Pacific time (never shorter than
/// <see cref="YouTubeOptions.FetchInterval"/>).
/// </summary>
public sealed class QuotaPacer(IOptions<YouTubeOptions> options, TimeProvider timeProvider)
{
    /// <summary>The time between two cycles of one query.</summary>
    public TimeSpan IntervalFor(QuotaStatus quota)
    {
        var settings = options.Value;
        if (!settings.QuotaPacing)
        {
            return settings.FetchInterval;
        }

        var untilReset = quota.NextReset - timeProvider.GetUtcNow();
        var callsLeft = quota.RemainingUnits / settings.UnitsPerCall;
        if (callsLeft <= 0)
        {
            return untilReset > settings.FetchInterval ? untilReset : settings.FetchInterval;
        }

        // Every query's cycle costs at least one call.
        var paced = untilReset * settings.Queries.Count / callsLeft;
        return paced > settings.FetchInterval ? paced : settings.FetchInterval;
    }
}
