using StackExchange.Redis;

namespace YouTubeFeed.Data.Caching;

/// <summary>Every Redis key and channel YouTubeFeed uses, in one place. The version prefix lets a new format coexist with the old.</summary>
public static class CacheKeys
{
    private const string Prefix = "ytfeed:v1:";

    /// <summary>The newest videos and the total count, as the Api serves them without MySQL.</summary>
    public static readonly RedisKey FirstPage = Prefix + "first-page";

    /// <summary>Published to after <see cref="FirstPage"/> changes, so that Api replicas drop their in-process copy at once.</summary>
    public static readonly RedisChannel FirstPageChanged = RedisChannel.Literal(Prefix + "first-page:changed");

    /// <summary>The lease that makes one Worker replica the fetcher.</summary>
    public static readonly RedisKey FetchLease = Prefix + "fetch-lease";

    /// <summary>Counter of fencing tokens handed out with the lease.</summary>
    public static readonly RedisKey FetchFence = Prefix + "fetch-fence";

    /// <summary>Hash: API key fingerprint → its state (usable, rate limited, exhausted, invalid) as JSON.</summary>
    public static readonly RedisKey KeyStates = Prefix + "api-keys:state";

    /// <summary>Hash: API key fingerprint → quota units spent on the given Pacific-time day.</summary>
    public static RedisKey QuotaSpent(DateOnly pacificDay) => $"{Prefix}api-keys:spent:{pacificDay:yyyy-MM-dd}";

    /// <summary>Published to ask the fetching Worker for a cycle now (the dashboard's "fetch now").</summary>
    public static readonly RedisChannel FetchNow = RedisChannel.Literal(Prefix + "fetch-now");

    /// <summary>Everything under the prefix, for an operator's "flush cache".</summary>
    public const string Pattern = Prefix + "*";
}
