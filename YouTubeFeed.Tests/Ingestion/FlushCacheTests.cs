using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Tests.Faults;
using YouTubeFeed.Tests.Infrastructure;
using YouTubeFeed.Worker.Ingestion;
using YouTubeFeed.Worker.Keys;

namespace YouTubeFeed.Tests.Ingestion;

/// <summary>
/// The operator's "Flush cache" (every <c>ytfeed:v1:*</c> key, then the whole Redis database for good measure)
/// followed by a Worker restart forgets nothing the Worker needs: calls left today live in MySQL
/// (<c>quota_usage</c>), and so do the ledger, the key states and the lease.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class FlushCacheTests(BackendFixture backend) : IAsyncLifetime
{
    // 10:00 in Los Angeles.
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero));
    private FaultRig rig = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        rig = await FaultRig.StartAsync(backend, new Dictionary<string, string?> { ["Behaviour"] = "youtube", ["RandomSeed"] = "11" }, clock);

    public async ValueTask DisposeAsync() => await rig.DisposeAsync();

    [Fact]
    public async Task Calls_left_today_and_the_ledger_survive_a_flushed_cache_and_a_Worker_restart()
    {
        await rig.PutKeyAsync("flush-key", new { dailyUnits = 10_000 });
        var settings = new Dictionary<string, string?>
        {
            ["YouTube:ApiKeys"] = "flush-key",
            ["YouTube:DailyQuotaUnits"] = "10000",
        };
        var worker = await rig.StartWorkerAsync(settings, clock);
        var now = clock.GetUtcNow().UtcDateTime;
        await Ingest.PublishAsync(rig.Emulator, 180, now.AddMinutes(-2), TimeSpan.FromSeconds(40));
        for (var tick = 0; tick < 3; tick++)
        {
            await Ingest.PublishAsync(rig.Emulator, 5, clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(1));
            clock.Advance(TimeSpan.FromMinutes(1));
            await Ingest.TickAsync(worker);
        }

        var pool = worker.Get<ApiKeyPool>();
        await pool.RefreshAsync(Cancel);
        var callsLeft = pool.Budget().CallsLeft;
        var spentByYouTube = (await rig.Emulator.GetJsonAsync("admin/keys")).EnumerateArray()
            .Single(k => k.GetProperty("fingerprint").GetString() == KeyFingerprint.Of("flush-key")).GetProperty("spentUnits").GetInt32();
        Assert.InRange(callsLeft, 1, 97);
        Assert.Equal(100 - (spentByYouTube / 100), callsLeft);
        var watermark = await rig.WatermarkAsync();
        Assert.NotNull(await rig.CachedFirstPageAsync(worker));

        await FlushCacheAsync();
        Assert.Null(await rig.CachedFirstPageAsync(worker));
        await rig.StopWorkerAsync(worker);

        // A new Worker after the flush: the same calls left, before and after its first tick's refresh.
        var restarted = await rig.StartWorkerAsync(settings, clock);
        var restartedPool = restarted.Get<ApiKeyPool>();
        await restartedPool.RefreshAsync(Cancel);
        Assert.Equal(callsLeft, restartedPool.Budget().CallsLeft);

        await EmulatorCall.ClearAsync(rig.Emulator);
        clock.Advance(TimeSpan.FromMinutes(1));
        var results = await Ingest.TickAsync(restarted);
        var calls = await LoggedCall.ListAsync(rig.Emulator);
        var charged = calls.Count(c => c.Status is not (403 or 429) || c.Reason is "forbidden");
        Assert.Equal(callsLeft - charged, restarted.Get<IngestionStatus>().Budget!.CallsLeft);

        // The ledger was not lost either: no first read again, a read of what is new since the watermark.
        Assert.True(Assert.Single(results).Completed);
        Assert.All(calls, c => Assert.NotNull(c.PublishedAfter));
        Assert.True(await rig.WatermarkAsync() >= watermark);

        // And the flushed first page is written again by the restarted Worker's first tick.
        Assert.Equal(await rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"), (await rig.CachedFirstPageAsync(restarted))?.TotalCount);
        await Ingest.AssertStoredExactlyAsync(rig.Store, (await Ingest.VideosAsync(rig.Emulator)).Select(v => v.Id), "after the flush and restart");
    }

    /// <summary>What the dashboard's "Flush cache" deletes, then everything else in this test's Redis database.</summary>
    private async Task FlushCacheAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(rig.Store.RedisConnectionString + ",allowAdmin=true");
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var keys = server.Keys(rig.Store.RedisDatabase, CacheKeys.Pattern).ToArray();
        Assert.NotEmpty(keys);
        await redis.GetDatabase(rig.Store.RedisDatabase).KeyDeleteAsync(keys);
        await rig.FlushRedisDatabaseAsync();
    }
}
