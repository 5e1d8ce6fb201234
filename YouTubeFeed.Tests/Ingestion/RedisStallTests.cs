using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using YouTubeFeed.Tests.Faults;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Ingestion;

/// <summary>
/// Redis stalls (issue 15): the <c>redis-server</c> process of the test backend is paused (SIGSTOP), so that its
/// connections stay open and nothing answers, which is harder on a client than a server that is gone. Ticks go on
/// storing videos in MySQL, none fails for good, and once Redis resumes (SIGCONT) the cached first page is
/// refreshed. Redis is always resumed, in a finally. Real time: Redis's timeouts are real.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class RedisStallTests(BackendFixture backend) : IAsyncLifetime
{
    private FaultRig rig = null!;

    // YouTube as it is, except what ends a read for reasons other than Redis: a rate limit or a repeated page token
    // leaves the read unfinished, and three ticks in a row that hit one (seen once in CI) say nothing about Redis.
    public async ValueTask InitializeAsync() =>
        rig = await FaultRig.StartAsync(backend, new Dictionary<string, string?>
        {
            ["Behaviour"] = "youtube",
            ["RandomSeed"] = "7",
            ["RateLimitShare"] = "0",
            ["RepeatedTokenShare"] = "0",
        });

    public async ValueTask DisposeAsync() => await rig.DisposeAsync();

    [Fact]
    public async Task While_Redis_is_paused_ticks_keep_storing_videos_and_after_it_resumes_the_cached_first_page_is_refreshed()
    {
        var worker = await rig.StartWorkerAsync();
        await Ingest.PublishAsync(rig.Emulator, 60, DateTime.UtcNow.AddMinutes(-30), TimeSpan.FromSeconds(20));
        await FaultRig.RunUntilCompletedAsync(worker);
        Assert.Equal(60, (await rig.CachedFirstPageAsync(worker))!.TotalCount);

        var pid = RedisServerPid();
        var ticks = new List<(TimeSpan Took, int Stored)>();
        Signal(pid, "STOP");
        try
        {
            for (var round = 0; round < 6; round++)
            {
                await Ingest.PublishAsync(rig.Emulator, 40, DateTime.UtcNow, TimeSpan.FromSeconds(1));
                var expected = (await Ingest.VideosAsync(rig.Emulator)).Count;
                var clock = Stopwatch.StartNew();
                var results = await FaultRig.RunUntilCompletedAsync(worker, maxTicks: 3);
                ticks.Add((clock.Elapsed, (int)await rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos")));
                Assert.Equal(expected, ticks[^1].Stored);
                Assert.All(results, r => Assert.Null(r.Problem));
            }

            Assert.Equal("T", ProcessState(pid)); // still paused: the ticks did not just outlive the stall
        }
        finally
        {
            Signal(pid, "CONT");
        }

        TestContext.Current.SendDiagnosticMessage($"ticks while Redis was paused: {string.Join(", ", ticks.Select(t => $"{t.Took.TotalMilliseconds:0} ms -> {t.Stored}"))}");
        Assert.All(ticks, t => Assert.True(t.Took < TimeSpan.FromSeconds(30), $"a tick took {t.Took} while Redis was paused"));

        // Once Redis answers again, the next ticks write the first page as MySQL has it, even with nothing new.
        var stored = await rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos");
        await FaultRig.Eventually(
            async () =>
            {
                await FaultRig.RunAsync(worker);
                return (await rig.CachedFirstPageAsync(worker))?.TotalCount;
            },
            count => count == stored,
            TimeSpan.FromSeconds(60),
            "cached first page refreshed after Redis resumed");

        // It stays fresh: no stale write queued during the stall lands later.
        for (var tick = 0; tick < 5; tick++)
        {
            await FaultRig.RunAsync(worker);
            Assert.Equal(stored, (await rig.CachedFirstPageAsync(worker))?.TotalCount);
        }

        await Ingest.AssertStoredExactlyAsync(rig.Store, (await Ingest.VideosAsync(rig.Emulator)).Select(v => v.Id), "after Redis resumed");
    }

    /// <summary>The <c>redis-server</c> that the backend fixture started: its runtime directory is on its command line.</summary>
    private int RedisServerPid()
    {
        var model = backend.App.Services.GetRequiredService<DistributedApplicationModel>();
        var directory = model.Resources.OfType<YouTubeFeed.Hosting.LocalRedisServerResource>().Single(r => r.Name == BackendFixture.RedisResourceName).RuntimeDirectory;
        return Assert.Single(LocalProcesses.FindUsingDirectory(directory), pid => LocalProcesses.CommandLine(pid).Contains("redis-server", StringComparison.Ordinal));
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
        TestContext.Current.SendDiagnosticMessage($"kill -{signal} {pid}: state {ProcessState(pid)}");
    }

    /// <summary>The state letter of /proc/pid/stat: T when stopped.</summary>
    private static string ProcessState(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
    }
}
