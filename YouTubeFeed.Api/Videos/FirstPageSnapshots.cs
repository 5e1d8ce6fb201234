using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using YouTubeFeed.Api.Http;
using YouTubeFeed.Data.Caching;

namespace YouTubeFeed.Api.Videos;

/// <summary>
/// The first page as this process serves it: the Redis snapshot (written by the Worker), kept in memory
/// with its responses pre-rendered, dropped at once when the Worker announces a new one. A miss reads
/// Redis, or MySQL when Redis has nothing, once for all the requests that wait on it.
/// </summary>
public sealed class FirstPageSnapshots : IDisposable
{
    private readonly FirstPageCache cache;
    private readonly TimeProvider timeProvider;
    private readonly TimeSpan localTtl;
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private volatile Entry? current;

    public FirstPageSnapshots(FirstPageCache cache, IConnectionMultiplexer redis, TimeProvider timeProvider, IOptions<ApiOptions> options)
    {
        this.cache = cache;
        this.timeProvider = timeProvider;
        localTtl = options.Value.FirstPageLocalTtl;
        try
        {
            redis.GetSubscriber().Subscribe(CacheKeys.FirstPageChanged, (_, _) => current = null);
        }
        catch (RedisException)
        {
            // Redis is down at start: the local copy then lives only for its TTL.
        }
    }

    public async ValueTask<Entry> GetAsync(CancellationToken cancellationToken)
    {
        var entry = current;
        if (entry is not null && timeProvider.GetUtcNow() - entry.LoadedAt < localTtl)
        {
            return entry;
        }

        await refreshing.WaitAsync(cancellationToken);
        try
        {
            entry = current;
            if (entry is not null && timeProvider.GetUtcNow() - entry.LoadedAt < localTtl)
            {
                return entry;
            }

            FirstPageSnapshot snapshot;
            try
            {
                snapshot = await cache.ReadAsync() ?? (await cache.RefreshAsync(cancellationToken)).Snapshot;
            }
            catch (Exception) when (entry is not null)
            {
                // Neither Redis nor MySQL answered: an older first page beats an error.
                return entry;
            }

            current = entry = new Entry(snapshot, timeProvider.GetUtcNow());
            return entry;
        }
        finally
        {
            refreshing.Release();
        }
    }

    public void Dispose() => refreshing.Dispose();

    /// <summary>One snapshot and the responses rendered from it, keyed by endpoint and limit.</summary>
    public sealed class Entry(FirstPageSnapshot snapshot, DateTimeOffset loadedAt)
    {
        private readonly ConcurrentDictionary<(string Endpoint, int Limit), RenderedResponse> rendered = new();

        public FirstPageSnapshot Snapshot { get; } = snapshot;

        public DateTimeOffset LoadedAt { get; } = loadedAt;

        public RenderedResponse Render(string endpoint, int limit, Func<FirstPageSnapshot, int, RenderedResponse> render) =>
            rendered.GetOrAdd((endpoint, limit), key => render(Snapshot, key.Limit));
    }
}
