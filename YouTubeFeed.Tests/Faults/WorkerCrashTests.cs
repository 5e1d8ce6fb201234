using System.Diagnostics;
using Microsoft.Extensions.Options;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Tests.Infrastructure;
using YouTubeFeed.Tests.Ingestion;
using YouTubeFeed.Worker.Coverage;
using YouTubeFeed.Worker.Ingestion;
using YouTubeFeed.Worker.Planning;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Tests.Faults;

/// <summary>A Worker killed in the middle of a multi-page cycle, in-process and as a real process; two replicas.</summary>
[Collection(BackendCollection.Name)]
public sealed class WorkerCrashTests(BackendFixture backend) : IAsyncLifetime
{
    private FaultRig rig = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => rig = await FaultRig.StartAsync(backend);

    public async ValueTask DisposeAsync() => await rig.DisposeAsync();

    [Fact]
    public async Task A_worker_cancelled_while_page_2_is_delayed_leaves_a_fresh_worker_to_finish_without_gaps_or_duplicates()
    {
        var settings = new Dictionary<string, string?> { ["YouTube:RequestTimeout"] = "00:00:30", ["YouTube:FetchInterval"] = "00:00:01" };
        var worker = await rig.StartWorkerAsync(settings);
        await rig.PublishAsync(60, DateTime.UtcNow.AddMinutes(-30));
        await FaultRig.RunUntilCompletedAsync(worker);
        var committed = await rig.WatermarkAsync();

        await rig.PublishAsync(200, DateTime.UtcNow);
        await rig.AddFaultAsync(new { kind = "timeout", delay = "00:00:20", count = 1, onPage = 2 });
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        worker.AdvanceClock();
        var cycle = Task.Run(() => worker.Runner.RunOnceAsync(true, kill.Token), Cancel);
        await WaitForPage2InFlightAsync();
        kill.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cycle);
        await rig.StopWorkerAsync(worker, releaseLease: false); // no clean end of the cycle, the lease is not released

        // Page 1 was stored and recorded as read; what it did not reach is a gap in the ledger.
        Assert.True(await rig.WatermarkAsync() > committed);
        Assert.Equal(50, await rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos") - 60);

        // A fresh Worker: the dead one's lease expires (2 intervals), then it fetches the window again.
        var fresh = await rig.StartWorkerAsync(settings);
        await FaultRig.Eventually(
            async () => await FaultRig.RunAsync(fresh),
            results => results.Count == 1 && results[0].Completed,
            TimeSpan.FromSeconds(30),
            "fresh worker completes a cycle");
        await rig.FinalCheckAsync("Worker cancelled/disposed during page 2 (in-process), fresh Worker");
    }

    [Fact]
    public async Task A_worker_process_killed_while_page_2_is_delayed_is_replaced_without_gaps_or_duplicates()
    {
        var dll = WorkerDll();
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first");
        // Create the schema (the process would too) and store the first videos.
        var seed = await rig.StartWorkerAsync();
        await rig.PublishAsync(60, DateTime.UtcNow.AddMinutes(-30));
        await FaultRig.RunUntilCompletedAsync(seed);
        await rig.StopWorkerAsync(seed);
        var committed = await rig.WatermarkAsync();
        await ReleaseLeaseAsync();

        await rig.PublishAsync(200, DateTime.UtcNow);
        await rig.AddFaultAsync(new { kind = "timeout", delay = "00:00:20", count = 1, onPage = 2 });
        await EmulatorCall.ClearAsync(rig.Emulator);
        using (var process = StartWorkerProcess(dll, "process-key-one"))
        {
            try
            {
                await WaitForPage2InFlightAsync(TimeSpan.FromSeconds(60), process);
            }
            finally
            {
                process.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no lease release
                await process.WaitForExitAsync(Cancel);
            }

            TestContext.Current.SendDiagnosticMessage($"worker process exit code {process.ExitCode}");
        }

        var calls = await EmulatorCall.ListAsync(rig.Emulator);
        Assert.All(calls, c => Assert.Equal(KeyFingerprint.Of("process-key-one"), c.Key));

        // A second process takes over when the dead one's lease runs out and fetches the whole window.
        using (var second = StartWorkerProcess(dll, "process-key-two"))
        {
            try
            {
                await FaultRig.Eventually(() => rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"), n => n == 260, TimeSpan.FromSeconds(90), "second process stored all");
                await FaultRig.Eventually(() => rig.WatermarkAsync(), w => w > committed, TimeSpan.FromSeconds(30), "second process committed");
                // Its tick ends with the cache refresh; a kill before that is the case of the next test.
                var cache = rig.Store;
                await using var api = new ApiServer(cache, new Dictionary<string, string?> { ["Api:FirstPageLocalTtl"] = "00:00:00" });
                using var http = api.CreateHttpClient();
                await FaultRig.Eventually(
                    async () => (await FaultRig.GetJsonAsync(http, "/getData")).GetProperty("totalCount").GetInt64(),
                    n => n == 260, TimeSpan.FromSeconds(30), "second process refreshed the cache");
            }
            finally
            {
                second.Kill(entireProcessTree: true);
                await second.WaitForExitAsync(Cancel);
            }
        }

        await rig.FinalCheckAsync("Worker process SIGKILLed during page 2, second process");
    }

    [Fact]
    public async Task Two_workers_never_fetch_the_same_page_and_the_survivor_takes_over_within_three_intervals()
    {
        // The lease lives two intervals and is renewed at each tick: with 1 s, a tick a second late on a busy 2-core
        // machine lets the other replica take over and read a page again (as designed, but not what this test is about).
        var interval = TimeSpan.FromSeconds(3);
        Dictionary<string, string?> Settings(string key) => new()
        {
            ["YouTube:ApiKeys"] = key,
            ["YouTube:FetchInterval"] = interval.ToString(),
            ["YouTube:RequestTimeout"] = "00:00:05",
        };
        await rig.PublishAsync(150, DateTime.UtcNow.AddMinutes(-10));
        var a = await rig.StartWorkerAsync(Settings("replica-key-a"), runOnTimer: true);
        var b = await rig.StartWorkerAsync(Settings("replica-key-b"), runOnTimer: true);
        var keyOf = new Dictionary<WorkerHarness, string> { [a] = KeyFingerprint.Of("replica-key-a"), [b] = KeyFingerprint.Of("replica-key-b") };

        // A steady stream while both run.
        for (var i = 0; i < 8; i++)
        {
            await rig.PublishAsync(20, DateTime.UtcNow);
            await Task.Delay(TimeSpan.FromSeconds(1), Cancel); // pacing the publisher, not synchronisation
        }

        await FaultRig.Eventually(() => rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"), n => n == 310, TimeSpan.FromSeconds(60), "both-alive videos stored");
        var calls = await EmulatorCall.ListAsync(rig.Emulator);
        var both = calls.GroupBy(c => c.Signature).Where(g => g.Select(c => c.Key).Distinct().Count() > 1).Select(g => g.Key).ToList();
        var handovers = calls.Zip(calls.Skip(1)).Count(p => p.First.Key != p.Second.Key);
        TestContext.Current.SendDiagnosticMessage($"both alive: {calls.Count} calls, {handovers} handovers, pages fetched by both: {string.Join(", ", both)}");
        Assert.Empty(both);

        // Kill the fetcher without releasing its lease: stop it, then put back a lease held by nobody alive,
        // as a holder that died right after renewing leaves it (TTL two intervals).
        var fetcher = a.Get<IngestionStatus>().IsFetcher ? a : b;
        var survivor = fetcher == a ? b : a;
        await rig.StopWorkerAsync(fetcher, releaseLease: false);
        var ttl = survivor.Get<FetchLease>().TimeToLive;
        await rig.Store.ScalarAsync<long>(
            "UPDATE fetch_lease SET holder = 'dead-replica', expires_at = DATE_ADD(UTC_TIMESTAMP(6), INTERVAL @ttl MICROSECOND); SELECT ROW_COUNT()",
            ("@ttl", (long)ttl.TotalMicroseconds));

        var killedAt = Stopwatch.StartNew();
        await EmulatorCall.ClearAsync(rig.Emulator);
        await rig.PublishAsync(30, DateTime.UtcNow);
        await FaultRig.Eventually(
            () => EmulatorCall.ListAsync(rig.Emulator),
            list => list.Any(c => c.Key == keyOf[survivor]),
            TimeSpan.FromSeconds(20),
            "survivor calls YouTube");
        var takeover = killedAt.Elapsed;
        Tally.Note($"replica takeover after a kill without release: {takeover.TotalMilliseconds:0} ms (interval {interval.TotalMilliseconds:0} ms)");
        TestContext.Current.SendDiagnosticMessage($"takeover in {takeover.TotalMilliseconds:0} ms");
        // Three intervals, plus one second for the cycle itself on a busy 2-core machine.
        Assert.True(takeover <= interval * 3 + TimeSpan.FromSeconds(1), $"takeover took {takeover.TotalMilliseconds:0} ms");
        Assert.All(await EmulatorCall.ListAsync(rig.Emulator), c => Assert.Equal(keyOf[survivor], c.Key));

        await FaultRig.Eventually(() => rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"), n => n == 340, TimeSpan.FromSeconds(30), "all stored by the survivor");
        await rig.FinalCheckAsync("Two Workers, fetcher killed without releasing its lease");
    }

    [Fact]
    public async Task A_worker_killed_between_the_watermark_commit_and_the_cache_refresh_leaves_no_stale_first_page_after_restart()
    {
        var settings = new Dictionary<string, string?> { ["YouTube:FetchInterval"] = "00:00:01" };
        var worker = await rig.StartWorkerAsync(settings);
        await rig.PublishAsync(60, DateTime.UtcNow.AddMinutes(-30));
        await FaultRig.RunUntilCompletedAsync(worker);
        Assert.Equal(60, (await rig.CachedFirstPageAsync(worker))!.TotalCount);

        // The read alone, as a tick makes it: it stores and records in the ledger; the process then dies before
        // the tick's last step, the refresh of the cached first page.
        await rig.PublishAsync(200, DateTime.UtcNow);
        var token = (await worker.Get<FetchLease>().TryHoldAsync(Cancel))!.Value;
        var ledgers = await worker.Get<LedgerStore>().LoadAsync([FaultRig.Query], worker.Get<IOptions<PlannerOptions>>().Value.SweepAges, Cancel);
        var work = new FetchWork(FaultRig.Query, WorkKind.Head, null, null, 40, "test");
        var read = await worker.Get<SpanReader>().ReadAsync(work, ledgers[FaultRig.Query], token, Cancel);
        Assert.Equal(ReadEnd.Reached, read.End);
        Assert.Equal(200, read.NewVideos);
        await rig.StopWorkerAsync(worker, releaseLease: false);

        // A new Worker starts and runs its ticks; nothing new is published meanwhile.
        var fresh = await rig.StartWorkerAsync(settings);
        await FaultRig.Eventually(
            async () => await FaultRig.RunAsync(fresh),
            results => results.Count == 1 && results[0].Completed,
            TimeSpan.FromSeconds(30),
            "fresh worker completes a cycle");
        await FaultRig.RunAsync(fresh);

        var stored = await rig.AssertStoredExactlyOnceAsync("Worker killed between watermark commit and cache refresh");
        // The first page the Api serves comes from the cache: it must count all 260, not the 60 of before.
        Assert.Equal(260, (await rig.CachedFirstPageAsync(fresh))?.TotalCount);
        await rig.AssertApiAnswersAsync(stored);
    }

    private async Task WaitForPage2InFlightAsync(TimeSpan? timeout = null, Process? process = null) =>
        await FaultRig.Eventually(
            async () =>
            {
                if (process is { HasExited: true })
                {
                    Assert.Fail($"the worker process exited early with {process.ExitCode}");
                }

                return await EmulatorCall.ListAsync(rig.Emulator);
            },
            calls => calls.Any(c => c.PageToken is not null && c.Status is null),
            timeout ?? TimeSpan.FromSeconds(20),
            "page 2 in flight");

    private async Task ReleaseLeaseAsync() =>
        await rig.Store.ScalarAsync<long>("UPDATE fetch_lease SET expires_at = UTC_TIMESTAMP(6); SELECT ROW_COUNT()");

    private Process StartWorkerProcess(string dll, string key)
    {
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ConnectionStrings__youtubedb"] = rig.Store.MySqlConnectionString;
        start.Environment["ConnectionStrings__cache"] = rig.Store.RedisConnectionString;
        start.Environment["YouTube__BaseUrl"] = new Uri(rig.Emulator.BaseAddress, "youtube/v3/").ToString();
        start.Environment["YouTube__ApiKeys"] = key;
        start.Environment["YouTube__FetchInterval"] = "00:00:01";
        start.Environment["YouTube__RequestTimeout"] = "00:00:30";
        start.Environment["YouTube__QuotaPacing"] = "false";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Output(e.Data);
        process.ErrorDataReceived += (_, e) => Output(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;

        static void Output(string? line)
        {
            if (line is not null)
            {
                TestContext.Current.SendDiagnosticMessage("worker> " + line);
            }
        }
    }

    private static string WorkerDll()
    {
        // .../YouTubeFeed.Tests/bin/<Configuration>/net10.0/YouTubeFeed.Tests.dll
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testDir.Parent!.Name;
        var root = testDir.Parent.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "YouTubeFeed.Worker", "bin", configuration, testDir.Name, "YouTubeFeed.Worker.dll");
    }
}
