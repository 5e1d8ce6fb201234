using Microsoft.Extensions.Options;
using YouTubeFeed.Data.Caching;

namespace YouTubeFeed.Api.FirstPage;

/// <summary>
/// The first page as this process serves it: the snapshot in Redis (the Worker writes it after every read that stored
/// new or changed videos), kept in memory for at most <see cref="ApiOptions.FirstPageLocalTtl"/>, and marked stale at
/// once when a newer one is announced (<see cref="FirstPageInvalidation"/>). The copy only ever moves to newer versions.
/// </summary>
/// <remarks>
/// <para>
/// Budget: a request waits on Redis for at most <see cref="RedisBudget"/> (250 ms). One reload runs at a time, on
/// behalf of no request in particular. It gives Redis the budget, then reads MySQL instead (a stalled Redis answers
/// nothing, a stopped one fails at once); a request that has a copy to serve waits for the reload at most the budget
/// too, and is then served that copy while the reload finishes. So a stalled or stopped Redis costs a request at most
/// 250 ms, plus MySQL's own time when this process has no first page at all yet.
/// </para>
/// <para>
/// A page read from MySQL is given to Redis (compare-and-set: Redis keeps a newer one), so a flushed or refused cache
/// fills again without waiting for the Worker.
/// </para>
/// </remarks>
public sealed partial class InProcessFirstPage(
    FirstPageCache cache, TimeProvider time, IOptions<ApiOptions> options, ILogger<InProcessFirstPage> logger)
{
    public static readonly TimeSpan RedisBudget = TimeSpan.FromMilliseconds(250);

    private readonly TimeSpan localTtl = options.Value.FirstPageLocalTtl;
    private readonly Lock gate = new();
    private volatile FirstPageCopy? current;
    private Task<FirstPageCopy>? reloading;
    private long newestAnnounced = long.MinValue;

    public async ValueTask<FirstPageCopy> GetAsync(CancellationToken cancellationToken)
    {
        var copy = current;
        if (copy is not null && !copy.Expired && time.GetUtcNow() - copy.LoadedAt < localTtl)
        {
            return copy;
        }

        var reload = Reload();
        if (copy is null)
        {
            return await reload.WaitAsync(cancellationToken);
        }

        try
        {
            return await reload.WaitAsync(RedisBudget, time, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Slower than the budget (the reload carries on for the next request), or neither Redis nor MySQL
            // answered (the reload logged why): the page this process has beats a wait or an error.
            return copy;
        }
    }

    /// <summary>A newer first page was announced: the copy is served only until that one is loaded.</summary>
    public void OnAnnounced(long version)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref newestAnnounced);
        }
        while (version > seen && Interlocked.CompareExchange(ref newestAnnounced, version, seen) != seen);

        if (current is { } copy && version > copy.Snapshot.Version)
        {
            copy.Expire();
        }
    }

    /// <summary>Announcements may have been missed (the subscription was down): check Redis again on the next request.</summary>
    public void Expire() => current?.Expire();

    private Task<FirstPageCopy> Reload()
    {
        lock (gate)
        {
            return reloading ??= ReloadOnceAsync();
        }
    }

    private async Task<FirstPageCopy> ReloadOnceAsync()
    {
        await Task.Yield(); // out of the lock, and out of the request that happened to start it
        try
        {
            return Install(await NewestAsync());
        }
        catch (Exception exception)
        {
            LogReloadFailed(logger, exception.Message);
            throw;
        }
        finally
        {
            lock (gate)
            {
                reloading = null;
            }
        }
    }

    private async Task<FirstPageSnapshot> NewestAsync()
    {
        var held = current?.Snapshot;
        FirstPageSnapshot? cached = null;
        try
        {
            cached = await cache.ReadAsync().WaitAsync(RedisBudget, time);
        }
        catch (TimeoutException)
        {
            LogRedisSlow(logger, RedisBudget.TotalMilliseconds);
        }

        if (cached is not null && (held is null || cached.Version >= held.Version))
        {
            return cached;
        }

        if (cached is not null)
        {
            // Redis holds an older page than this process (a write that failed, a flush): ours is the newer one.
            _ = WriteBackAsync(held!);
            return held!;
        }

        var loaded = await cache.LoadAsync(CancellationToken.None);
        _ = WriteBackAsync(loaded);
        return loaded;
    }

    private FirstPageCopy Install(FirstPageSnapshot snapshot)
    {
        var now = time.GetUtcNow();
        var held = current;
        var copy = held is not null && held.Snapshot.Version >= snapshot.Version ? held.Renewed(now) : new FirstPageCopy(snapshot, now);
        if (Interlocked.Read(ref newestAnnounced) > copy.Snapshot.Version)
        {
            copy.Expire(); // announced while this reload read Redis
        }

        current = copy;
        return copy;
    }

    private async Task WriteBackAsync(FirstPageSnapshot snapshot)
    {
        try
        {
            await cache.WriteAsync(snapshot);
        }
        catch (Exception exception)
        {
            LogWriteBackFailed(logger, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Redis did not answer within {Budget} ms; the first page is read from MySQL")]
    private static partial void LogRedisSlow(ILogger logger, double budget);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The first page could not be reloaded (the copy in memory, if any, is served): {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The first page could not be given to Redis: {Reason}")]
    private static partial void LogWriteBackFailed(ILogger logger, string reason);
}
