using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Data.Caching;

/// <summary>
/// Reads and writes the cached first page. Redis is a cache here, never the truth: when it is down, reads
/// say "miss" and writes are skipped, and callers fall back to MySQL.
/// </summary>
/// <remarks>
/// The page is versioned by <see cref="FirstPageSnapshot.Version"/>, the instant its MySQL read began, and a write
/// replaces it only with a newer version (compare-and-set in one Lua script). So an Api replica that read MySQL
/// before the Worker stored something can never put its older page over the Worker's newer one, in whatever
/// order the two writes arrive.
/// </remarks>
public sealed partial class FirstPageCache(IConnectionMultiplexer redis, VideoReader reader, ILogger<FirstPageCache> logger)
{
    private const string VersionField = "version";
    private const string BodyField = "body";

    // KEYS[1]: the page (a hash of version and body); ARGV: version, body, channel to announce it on.
    // A value of another type (an older release stored a plain string) is replaced.
    private const string WriteIfNewerScript = """
        local kind = redis.call('TYPE', KEYS[1])['ok']
        if kind ~= 'hash' and kind ~= 'none' then redis.call('DEL', KEYS[1]) end
        local held = redis.call('HGET', KEYS[1], 'version')
        if held and tonumber(held) >= tonumber(ARGV[1]) then return 0 end
        redis.call('HSET', KEYS[1], 'version', ARGV[1], 'body', ARGV[2])
        redis.call('PUBLISH', ARGV[3], ARGV[1])
        return 1
        """;

    private static readonly RedisValue[] Fields = [VersionField, BodyField];

    /// <summary>The cached page, or null when Redis has none or does not answer.</summary>
    public async Task<FirstPageSnapshot?> ReadAsync()
    {
        if (!redis.IsConnected)
        {
            return null;
        }

        try
        {
            var values = await redis.GetDatabase().HashGetAsync(CacheKeys.FirstPage, Fields);
            return values[1].IsNullOrEmpty
                ? null
                : JsonSerializer.Deserialize((byte[])values[1]!, DataJsonContext.Default.FirstPageSnapshot);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or JsonException)
        {
            // RedisTimeoutException is a TimeoutException, not a RedisException: a stalled server lands here too.
            LogCacheFailed(logger, "read", exception.Message);
            return null;
        }
    }

    /// <summary>Reads the first page and the count from MySQL (never from the cache), in one snapshot.</summary>
    public async Task<FirstPageSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var (readAt, videos, count) = await reader.ReadNewestAsync(FirstPageSnapshot.Size, cancellationToken);
        return new FirstPageSnapshot(count, readAt, videos);
    }

    /// <summary>
    /// Stores the snapshot unless Redis holds a newer one, and tells every Api replica when it stored it. True when
    /// Redis now holds this snapshot or a newer one; false when Redis did not answer.
    /// </summary>
    public async Task<bool> WriteAsync(FirstPageSnapshot snapshot)
    {
        if (!redis.IsConnected)
        {
            return false;
        }

        try
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(snapshot, DataJsonContext.Default.FirstPageSnapshot);
            await redis.GetDatabase().ScriptEvaluateAsync(
                WriteIfNewerScript,
                [CacheKeys.FirstPage],
                [snapshot.Version.ToString(CultureInfo.InvariantCulture), body, CacheKeys.FirstPageChanged.ToString()]);
            return true;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogCacheFailed(logger, "write", exception.Message);
            return false;
        }
    }

    /// <summary>
    /// Reloads the first page from MySQL and writes it to Redis: what the Worker does after every read that stored
    /// new or changed videos. <c>Written</c> is false when Redis did not take it.
    /// </summary>
    public async Task<(FirstPageSnapshot Snapshot, bool Written)> RefreshAsync(CancellationToken cancellationToken)
    {
        var snapshot = await LoadAsync(cancellationToken);
        return (snapshot, await WriteAsync(snapshot));
    }

    /// <summary>The version in a "first page changed" message, or null when the message is not one.</summary>
    public static long? VersionOf(RedisValue message) =>
        long.TryParse(message.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis {Operation} of the first page failed; MySQL serves instead: {Reason}")]
    private static partial void LogCacheFailed(ILogger logger, string operation, string reason);
}
