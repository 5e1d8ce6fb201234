using System.Net;
using YouTubeFeed.Tests.Infrastructure;
using YouTubeFeed.Tests.Ingestion;
using YouTubeFeed.Worker.Ingestion;

namespace YouTubeFeed.Tests.Faults;

/// <summary>Redis and MySQL stopped, restarted and flushed under a running Worker (the servers are always started again).</summary>
[Collection(BackendCollection.Name)]
public sealed class BackendFaultTests(BackendFixture backend) : IAsyncLifetime
{
    private FaultRig rig = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => rig = await FaultRig.StartAsync(backend);

    public async ValueTask DisposeAsync() => await rig.DisposeAsync();

    [Fact]
    public async Task Redis_stopped_during_ingestion_ingestion_continues_and_the_cache_is_refreshed_after_restart()
    {
        var worker = await rig.StartWorkerAsync();
        await rig.PublishAsync(60, DateTime.UtcNow.AddMinutes(-30));
        await FaultRig.RunUntilCompletedAsync(worker);
        Assert.Equal(60, (await rig.CachedFirstPageAsync(worker))!.TotalCount);

        await rig.PublishAsync(200, DateTime.UtcNow);
        await rig.SetLatencyAsync(TimeSpan.FromMilliseconds(400));
        try
        {
            // Redis goes away while the cycle pages through the new videos.
            var cycle = FaultRig.RunAsync(worker);
            await backend.StopRedisAsync(Cancel);
            await cycle;
            await rig.SetLatencyAsync(TimeSpan.Zero);

            // Without Redis: ingestion still stores everything in MySQL.
            await rig.PublishAsync(40, DateTime.UtcNow);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var withoutRedis = await FaultRig.RunUntilCompletedAsync(worker);
            Tally.Note($"Redis down: {withoutRedis.Count} tick(s) to complete a cycle in {clock.ElapsedMilliseconds} ms");
            Assert.Equal(300, await rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"));
        }
        finally
        {
            await backend.StartRedisAsync(Cancel);
        }

        // Once the Worker's connection is back, the next cycle that stores something refreshes the cache.
        var redis = worker.Get<StackExchange.Redis.IConnectionMultiplexer>();
        await FaultRig.Eventually(() => Task.FromResult(redis.IsConnected), c => c, TimeSpan.FromSeconds(30), "Worker reconnected to Redis");
        await rig.PublishAsync(1, DateTime.UtcNow);
        await FaultRig.RunUntilCompletedAsync(worker);
        Assert.Equal(301, (await rig.CachedFirstPageAsync(worker))?.TotalCount);
        await FaultRig.RunUntilCompletedAsync(worker);
        await rig.FinalCheckAsync("Redis stopped during ingestion, restarted");
    }

    [Fact]
    public async Task Redis_flushed_while_the_worker_runs_loses_nothing_and_the_watermark_keeps_moving()
    {
        var timer = new Dictionary<string, string?> { ["YouTube:FetchInterval"] = "00:00:00.500" };
        // Three Worker starts (deploys, restarts) before the flush: each takes the lease with the next fencing
        // token (1, 2, 3) and commits a watermark with it.
        for (var start = 1; start <= 3; start++)
        {
            // Published before the replica starts: published later, videos half an hour old would be listed late for
            // the Worker, and only its two-hour sweep would find them.
            var previous = start == 1 ? null : await rig.WatermarkAsync(); // no schema before the first start
            await rig.PublishAsync(40, DateTime.UtcNow.AddMinutes(-30 + start));
            var replica = await rig.StartWorkerAsync(timer, runOnTimer: true);
            await FaultRig.Eventually(() => rig.WatermarkAsync(), w => w is not null && w != previous, TimeSpan.FromSeconds(30), $"watermark of start {start}");
            await rig.StopWorkerAsync(replica);
        }

        var tokenBefore = await rig.Store.ScalarAsync<long>($"SELECT fence_token FROM ingestion_state WHERE query = '{FaultRig.Query}'");
        var worker = await rig.StartWorkerAsync(timer, runOnTimer: true);
        await rig.PublishAsync(30, DateTime.UtcNow.AddMinutes(-5));
        await FaultRig.Eventually(() => rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"), n => n == 150, TimeSpan.FromSeconds(30), "150 stored before the flush");

        await rig.FlushRedisDatabaseAsync();
        await rig.PublishAsync(150, DateTime.UtcNow);
        var newest = (await rig.Emulator.GetJsonAsync($"admin/videos?query={FaultRig.Query}"))[0].GetProperty("publishedAt").GetDateTime().ToUniversalTime();

        await FaultRig.Eventually(() => rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"), n => n == 300, TimeSpan.FromSeconds(60), "300 stored after FLUSHDB");
        // The cache comes back by itself.
        await FaultRig.Eventually(async () => (await rig.CachedFirstPageAsync(worker))?.TotalCount, n => n == 300, TimeSpan.FromSeconds(30), "cache repopulated");
        await rig.FinalCheckAsync("Redis FLUSHDB while the Worker runs (after 3 Worker starts)");
        // Cycles still complete: the watermark moves past the new videos. The flushed fence counter starts
        // again at 1, below the token stored with the watermark; such a token must not be refused for ever.
        await FaultRig.Eventually(
            () => rig.WatermarkAsync(), w => w >= newest, TimeSpan.FromSeconds(20),
            $"watermark past {newest:O} (fence token in MySQL before the flush: {tokenBefore})");
    }

    [Fact]
    public async Task MySql_stopped_during_a_cycle_the_worker_resumes_what_it_had_not_read_and_the_api_answers_503_then_recovers()
    {
        var worker = await rig.StartWorkerAsync();
        await rig.PublishAsync(150, DateTime.UtcNow.AddMinutes(-30));
        await FaultRig.RunUntilCompletedAsync(worker);
        var committed = (await rig.WatermarkAsync())!.Value;

        await using var api = new ApiServer(rig.Store, new Dictionary<string, string?> { ["Api:FirstPageLocalTtl"] = "00:00:00" });
        using var http = api.CreateHttpClient();
        Assert.Equal(150, (await FaultRig.GetJsonAsync(http, "/getData")).GetProperty("totalCount").GetInt64());

        await rig.PublishAsync(200, DateTime.UtcNow);
        await rig.SetLatencyAsync(TimeSpan.FromMilliseconds(500));
        await EmulatorCall.ClearAsync(rig.Emulator);
        var statuses = new List<HttpStatusCode>();
        try
        {
            worker.AdvanceClock();
            var cycle = Task.Run(() => worker.Runner.RunOnceAsync(true, Cancel), Cancel);
            await FaultRig.Eventually(() => EmulatorCall.ListAsync(rig.Emulator), calls => calls.Count >= 2, TimeSpan.FromSeconds(20), "cycle under way");
            var step = System.Diagnostics.Stopwatch.StartNew();
            await backend.StopMySqlAsync(Cancel);
            Tally.Note($"MySQL stop took {step.ElapsedMilliseconds} ms");
            step.Restart();
            var interrupted = await cycle;
            Tally.Note($"MySQL down: interrupted cycle ended {step.ElapsedMilliseconds} ms after the stop: {string.Join("; ", interrupted)}");
            TestContext.Current.SendDiagnosticMessage($"interrupted cycle: {string.Join("; ", interrupted)}");

            // Meanwhile: uncached requests answer 503 with a clear body, the cached first page answers 200.
            foreach (var url in new[] { "/getData?pageNo=2", "/api/videos?q=video" })
            {
                step.Restart();
                using var response = await http.GetAsync(url, Cancel);
                Tally.Note($"MySQL down: Api {url} answered {(int)response.StatusCode} in {step.ElapsedMilliseconds} ms");
                statuses.Add(response.StatusCode);
                var body = await response.Content.ReadAsStringAsync(Cancel);
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{url}: {(int)response.StatusCode} {body}");
                Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
                Assert.Equal("5", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            using (var cached = await http.GetAsync("/getData", Cancel))
            {
                Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
            }

        }
        finally
        {
            var step = System.Diagnostics.Stopwatch.StartNew();
            await backend.StartMySqlAsync(Cancel);
            Tally.Note($"MySQL start took {step.ElapsedMilliseconds} ms");
        }

        // Pages stored before the stop were recorded as read, page by page; the rest is left as a gap, so the next
        // ticks read only what is missing, each with a fresh chain of pages.
        Assert.True(await rig.WatermarkAsync() >= committed);
        await rig.SetLatencyAsync(TimeSpan.Zero);
        await EmulatorCall.ClearAsync(rig.Emulator);
        await FaultRig.RunUntilCompletedAsync(worker);
        Assert.Null((await EmulatorCall.ListAsync(rig.Emulator))[0].PageToken);

        // The Api recovers by itself (same server, no restart).
        await FaultRig.Eventually(
            async () =>
            {
                using var response = await http.GetAsync("/getData?pageNo=2", Cancel);
                return response.StatusCode;
            },
            s => s == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30),
            "Api answers page 2 again");
        await rig.FinalCheckAsync("MySQL stopped during a cycle, restarted");
    }
}
