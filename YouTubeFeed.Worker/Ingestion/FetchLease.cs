using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>
/// A lease in Redis that makes one Worker replica the fetcher, so that quota is never spent twice. Each
/// acquisition comes with a fencing token from a Redis counter; the watermark only moves for the newest
/// token (see <see cref="WatermarkStore"/>), so a holder that stalled and lost its lease cannot undo the
/// work of the next. The lease lives two fetch intervals and is renewed at every tick and before every
/// page, so a dead holder is replaced within three intervals.
/// </summary>
public sealed partial class FetchLease(
    IConnectionMultiplexer redis,
    WatermarkStore watermarks,
    IOptions<YouTubeOptions> options,
    ILogger<FetchLease> logger)
{
    // The counter lives in Redis, which may lose it (a flush, a restart without persistence): a new token is
    // never below the highest one MySQL has seen, or the watermark would refuse every later holder.
    private const string NextTokenScript =
        "local v = redis.call('INCR', KEYS[1]); local floor = tonumber(ARGV[1]); " +
        "if v <= floor then v = floor + 1; redis.call('SET', KEYS[1], v) end; return v";

    private const string RenewScript =
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

    private const string ReleaseScript =
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    private readonly string holderId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public long? Token { get; private set; }

    private TimeSpan Ttl => TimeSpan.FromTicks(Math.Max(options.Value.FetchInterval.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));

    /// <summary>Renews the lease if held, takes it if free; returns the fencing token while held, else null.</summary>
    public async Task<long?> TryHoldAsync()
    {
        if (!redis.IsConnected)
        {
            // Without Redis nobody can take the lease from us, and nobody can give it: keep what we had.
            return Token;
        }

        try
        {
            var db = redis.GetDatabase();
            if (Token is not null)
            {
                var renewed = (long)await db.ScriptEvaluateAsync(RenewScript, [CacheKeys.FetchLease], [holderId, (long)Ttl.TotalMilliseconds]);
                if (renewed == 1)
                {
                    return Token;
                }

                LogLost(logger);
                Token = null;
            }

            if (await db.StringSetAsync(CacheKeys.FetchLease, holderId, Ttl, When.NotExists))
            {
                var floor = await watermarks.HighestFenceTokenAsync(CancellationToken.None);
                Token = (long)await db.ScriptEvaluateAsync(NextTokenScript, [CacheKeys.FetchFence], [floor]);
                LogAcquired(logger, Token.Value);
            }

            return Token;
        }
        catch (RedisException exception)
        {
            LogRedisFailed(logger, exception.Message);
            return Token;
        }
    }

    public async Task ReleaseAsync()
    {
        if (Token is null || !redis.IsConnected)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [CacheKeys.FetchLease], [holderId]);
        }
        catch (RedisException)
        {
            // It expires on its own.
        }

        Token = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This replica is now the fetcher (fencing token {Token})")]
    private static partial void LogAcquired(ILogger logger, long token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The fetch lease passed to another replica; this one stands by")]
    private static partial void LogLost(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetch lease not renewed through Redis: {Reason}")]
    private static partial void LogRedisFailed(ILogger logger, string reason);
}
