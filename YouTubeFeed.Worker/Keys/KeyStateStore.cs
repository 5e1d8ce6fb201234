using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using YouTubeFeed.Data.Caching;

namespace YouTubeFeed.Worker.Keys;

/// <summary>
/// Keeps key states and spent units in Redis, so that restarts and replicas share them, and in process as
/// well, so that a Redis outage degrades to what this process knows instead of stopping ingestion.
/// </summary>
public sealed partial class KeyStateStore(IConnectionMultiplexer redis, ILogger<KeyStateStore> logger)
{
    private static readonly TimeSpan SpentRetention = TimeSpan.FromDays(2);
    private readonly ConcurrentDictionary<string, KeyState> localStates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(DateOnly Day, string Fingerprint), long> localSpent = new();

    public async Task<IReadOnlyDictionary<string, (KeyState State, long Spent)>> LoadAsync(
        IEnumerable<string> fingerprints, DateOnly day)
    {
        var shared = await TryRedisAsync(async db =>
        {
            var states = (await db.HashGetAllAsync(CacheKeys.KeyStates)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
            var spent = (await db.HashGetAllAsync(CacheKeys.QuotaSpent(day))).ToDictionary(e => e.Name.ToString(), e => (long)e.Value);
            return (states, spent);
        });

        var result = new Dictionary<string, (KeyState, long)>(StringComparer.Ordinal);
        foreach (var fingerprint in fingerprints)
        {
            var local = localStates.GetValueOrDefault(fingerprint, KeyState.Usable);
            var state = local;
            if (shared.states?.TryGetValue(fingerprint, out var json) == true && Parse(json) is { } remote
                && remote.Severity >= local.Severity)
            {
                state = remote;
            }

            var spent = Math.Max(localSpent.GetValueOrDefault((day, fingerprint)), shared.spent?.GetValueOrDefault(fingerprint) ?? 0);
            result[fingerprint] = (state, spent);
        }

        return result;
    }

    public async Task SetStateAsync(string fingerprint, KeyState state)
    {
        localStates[fingerprint] = state;
        await TryRedisAsync(db => db.HashSetAsync(CacheKeys.KeyStates, fingerprint, JsonSerializer.Serialize(state)));
    }

    public async Task AddSpentAsync(string fingerprint, DateOnly day, long units)
    {
        localSpent.AddOrUpdate((day, fingerprint), units, (_, spent) => spent + units);
        await TryRedisAsync(async db =>
        {
            var key = CacheKeys.QuotaSpent(day);
            var total = await db.HashIncrementAsync(key, fingerprint, units);
            await db.KeyExpireAsync(key, SpentRetention);
            // Redis may have lost what this process spent while it was away: never report less than we know.
            var known = localSpent.GetValueOrDefault((day, fingerprint));
            if (total < known)
            {
                await db.HashSetAsync(key, fingerprint, known);
            }

            return total;
        });
    }

    private static KeyState? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<KeyState>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<T?> TryRedisAsync<T>(Func<IDatabase, Task<T>> action)
    {
        if (!redis.IsConnected)
        {
            return default;
        }

        try
        {
            return await action(redis.GetDatabase());
        }
        catch (RedisException exception)
        {
            LogRedisUnavailable(logger, exception.Message);
            return default;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key state not shared through Redis (using this process's view): {Reason}")]
    private static partial void LogRedisUnavailable(ILogger logger, string reason);
}
