using StackExchange.Redis;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Worker.Ingestion;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddYouTubeFeedDatabase();
builder.AddYouTubeFeedCache();
builder.AddIngestion();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapPost("/fetch-now", async (IngestionWorker worker, IConnectionMultiplexer redis) =>
{
    // Whichever replica holds the lease should fetch: ask them all through Redis, and this one directly.
    worker.RequestFetchNow();
    try
    {
        await redis.GetSubscriber().PublishAsync(CacheKeys.FetchNow, "1");
    }
    catch (RedisException)
    {
        // Without Redis there is only this replica's own loop to ask, and it has been asked.
    }

    return TypedResults.Accepted((string?)null);
}).WithDescription("Runs a fetch cycle now, outside the schedule (the dashboard's \"fetch now\").");

app.Run();
