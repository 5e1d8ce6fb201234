using StackExchange.Redis;

namespace YouTubeFeed.AppHost.Operations;

/// <summary>Dashboard commands for an operator: "Fetch now" on the worker, "Flush cache" on the cache.</summary>
internal static class OperatorCommands
{
    public const string FetchNow = "fetch-now";
    public const string FlushCache = "flush-cache";

    public static IResourceBuilder<ProjectResource> WithFetchNowCommand(this IResourceBuilder<ProjectResource> worker) =>
        worker.WithHttpCommand("/fetch-now", "Fetch now", commandName: FetchNow, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = "Runs a fetch cycle now instead of waiting for the next interval (quota permitting).",
            IconName = "ArrowSync",
        });

    /// <summary>Deletes YouTubeFeed's keys (cached first page, key states, lease); the Api then reads MySQL until the next refresh.</summary>
    public static IResourceBuilder<T> WithFlushCacheCommand<T>(this IResourceBuilder<T> cache)
        where T : IResourceWithConnectionString =>
        cache.WithCommand(FlushCache, "Flush cache", async context =>
        {
            var connectionString = await cache.Resource.GetConnectionStringAsync(context.CancellationToken);
            if (connectionString is null)
            {
                return CommandResults.Failure("The cache has no connection string yet.");
            }

            await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString + ",allowAdmin=true");
            var deleted = 0L;
            foreach (var endpoint in redis.GetEndPoints())
            {
                var server = redis.GetServer(endpoint);
                foreach (var database in Enumerable.Range(0, server.DatabaseCount))
                {
                    var keys = server.Keys(database, "ytfeed:v1:*").ToArray();
                    if (keys.Length > 0)
                    {
                        deleted += await redis.GetDatabase(database).KeyDeleteAsync(keys);
                    }
                }
            }

            return CommandResults.Success($"Deleted {deleted} key(s).");
        }, new CommandOptions
        {
            Description = "Deletes the cached first page, key states and fetch lease (videos stay in MySQL).",
            IconName = "Delete",
            ConfirmationMessage = "Flush YouTubeFeed's cache? The Api serves from MySQL until the next fetch cycle refreshes it.",
        });
}
