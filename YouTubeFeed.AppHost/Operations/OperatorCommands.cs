using StackExchange.Redis;
using YouTubeFeed.Data.Caching;

namespace YouTubeFeed.AppHost.Operations;

/// <summary>Dashboard commands for an operator: "Fetch now" on the worker, "Flush cache" on the cache.</summary>
internal static class OperatorCommands
{
    public const string FetchNow = "fetch-now";
    public const string FlushCache = "flush-cache";

    /// <summary>The header the Worker's <c>POST /fetch-now</c> reads the operator token from.</summary>
    public const string OperatorTokenHeader = "X-Operator-Token";

    /// <summary>"Fetch now": <c>POST /fetch-now</c> with the operator token, which the Worker requires.</summary>
    public static IResourceBuilder<ProjectResource> WithFetchNowCommand(this IResourceBuilder<ProjectResource> worker, IResourceBuilder<ParameterResource> operatorToken) =>
        worker.WithHttpCommand("/fetch-now", "Fetch now", commandName: FetchNow, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = "Runs a fetch cycle now instead of waiting for the next interval (quota permitting).",
            IconName = "ArrowSync",
            PrepareRequest = async context =>
            {
                var token = await operatorToken.Resource.GetValueAsync(context.CancellationToken);
                context.Request.Headers.Add(OperatorTokenHeader, token);
            },
        });

    /// <summary>
    /// Deletes the keys under YouTubeFeed's cache prefix (<see cref="CacheKeys.Pattern"/>): the cached first page. Nothing
    /// else: videos, the quota ledger, key states and the fetch lease live in MySQL. The Api reads MySQL until the
    /// next refresh.
    /// </summary>
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
                    var keys = server.Keys(database, CacheKeys.Pattern).ToArray();
                    if (keys.Length > 0)
                    {
                        deleted += await redis.GetDatabase(database).KeyDeleteAsync(keys);
                    }
                }
            }

            return CommandResults.Success($"Deleted {deleted} key(s).");
        }, new CommandOptions
        {
            Description = "Deletes the cached first page (videos, quota and key states stay in MySQL).",
            IconName = "Delete",
            ConfirmationMessage = "Flush YouTubeFeed's cache? The Api serves from MySQL until the next fetch cycle refreshes it.",
        });
}
