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

    /// <summary>Published to ask the fetching Worker for a cycle now (the dashboard's "fetch now").</summary>
    public static readonly RedisChannel FetchNow = RedisChannel.Literal(Prefix + "fetch-now");

    /// <summary>Everything under the prefix, for an operator's "flush cache".</summary>
    public const string Pattern = Prefix + "*";
}
