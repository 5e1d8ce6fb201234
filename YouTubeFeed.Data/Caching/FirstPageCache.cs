using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Data.Caching;

/// <summary>
/// Reads and writes the cached first page. Redis is a cache here, never the truth: when it is down, reads
/// say "miss" and writes are skipped, and callers fall back to MySQL.
/// </summary>
public sealed partial class FirstPageCache(
    IConnectionMultiplexer redis,
    VideoReader reader,
    TimeProvider timeProvider,
    ILogger<FirstPageCache> logger)
{
    public async Task<FirstPageSnapshot?> ReadAsync()
    {
        if (!redis.IsConnected)
        {
            return null;
        }

        try
        {
            var value = await redis.GetDatabase().StringGetAsync(CacheKeys.FirstPage);
            return value.IsNullOrEmpty
                ? null
                : JsonSerializer.Deserialize((byte[])value!, DataJsonContext.Default.FirstPageSnapshot);
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException or JsonException)
        {
            LogCacheFailed(logger, "read", exception.Message);
            return null;
        }
    }

    /// <summary>Reads the first page and the count from MySQL (never from the cache).</summary>
    private async Task<FirstPageSnapshot> LoadFromDatabaseAsync(CancellationToken cancellationToken)
    {
        var videos = await reader.PageAsync(new VideoQuery { Limit = FirstPageSnapshot.Size }, cancellationToken);
        var count = await reader.CountAsync(cancellationToken);
        return new FirstPageSnapshot(count, timeProvider.GetUtcNow().UtcDateTime, videos);
    }

    /// <summary>Stores the snapshot and tells every Api replica; returns false when Redis did not take it.</summary>
    public async Task<bool> WriteAsync(FirstPageSnapshot snapshot)
    {
        if (!redis.IsConnected)
        {
            return false;
        }

        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(snapshot, DataJsonContext.Default.FirstPageSnapshot);
            await redis.GetDatabase().StringSetAsync(CacheKeys.FirstPage, bytes);
            await redis.GetSubscriber().PublishAsync(CacheKeys.FirstPageChanged, snapshot.RefreshedAt.Ticks);
            return true;
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            LogCacheFailed(logger, "write", exception.Message);
            return false;
        }
    }

    /// <summary>
    /// Reloads the first page from MySQL and writes it to Redis: what the Worker does after a cycle that
    /// stored something, and the Api on a cache miss. <c>Written</c> is false when Redis did not take it.
    /// </summary>
    public async Task<(FirstPageSnapshot Snapshot, bool Written)> RefreshAsync(CancellationToken cancellationToken)
    {
        var snapshot = await LoadFromDatabaseAsync(cancellationToken);
        return (snapshot, await WriteAsync(snapshot));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis {Operation} of the first page failed; MySQL serves instead: {Reason}")]
    private static partial void LogCacheFailed(ILogger logger, string operation, string reason);
}
