using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Worker.Ingestion;

namespace YouTubeFeed.Worker.Operations;

/// <summary>
/// "Fetch now": <c>POST /fetch-now</c> asks for a tick at once. Whichever replica holds the fetch lease should act,
/// so the request is also published to every replica through Redis; each one's loop then asks the planner, which
/// still decides what the quota allows.
/// </summary>
public static partial class FetchNowEndpoint
{
    public static WebApplication MapFetchNow(this WebApplication app)
    {
        app.MapPost("/fetch-now", async (IngestionWorker worker, IConnectionMultiplexer redis, ILogger<IngestionWorker> logger) =>
        {
            worker.RequestFetchNow();
            try
            {
                await redis.GetSubscriber().PublishAsync(CacheKeys.FetchNow, "1");
            }
            catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
            {
                // Without Redis there is only this replica's own loop to ask, and it has been asked.
                LogNotPublished(logger, exception.Message);
            }

            return TypedResults.Accepted((string?)null);
        }).WithDescription("Runs a tick now, outside the schedule (the dashboard's \"Fetch now\"); the quota planner still decides what to read.");
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetch now not passed to the other replicas: {Reason}")]
    private static partial void LogNotPublished(ILogger logger, string reason);
}
