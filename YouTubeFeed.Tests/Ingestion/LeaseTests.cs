using YouTubeFeed.Tests.Faults;
using YouTubeFeed.Tests.Infrastructure;
using YouTubeFeed.Worker.Ingestion;

namespace YouTubeFeed.Tests.Ingestion;

/// <summary>
/// The fetch lease outlives the slowest page (issue 15): every page answers later than the lease's time to live,
/// yet the replica that reads keeps the lease (it is renewed in the background), its read is not aborted, and a
/// second replica ticking all along never reads the same window. Real time throughout: the lease expires by
/// MariaDB's clock and the emulator's latency is real. The emulator runs its "youtube" profile with a fixed seed,
/// random 503s and rate limits off (a refused key would end the read for reasons other than the lease), and late
/// indexing off (a video listed late is stored by a sweep hours later: the take-over could not be awaited).
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class LeaseTests(BackendFixture backend) : IAsyncLifetime
{
    // Five seconds, so a lease of ten renewed every 3.3 s: the read must outlive it, yet a busy CI machine that
    // stalls one renewal for a few seconds must not (a two-second interval once lost the lease there).
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private FaultRig rig = null!;

    public async ValueTask InitializeAsync() =>
        rig = await FaultRig.StartAsync(backend, new Dictionary<string, string?>
        {
            ["Behaviour"] = "youtube",
            ["RandomSeed"] = "7",
            ["ErrorShare"] = "0",
            ["RateLimitShare"] = "0",
            ["LateShare"] = "0",
        });

    public async ValueTask DisposeAsync() => await rig.DisposeAsync();

    private static Dictionary<string, string?> Settings(string key) => new()
    {
        ["YouTube:ApiKeys"] = key,
        ["YouTube:FetchInterval"] = Interval.ToString(),
        ["YouTube:RequestTimeout"] = "00:00:20",
    };

    [Fact]
    public async Task A_late_renewal_nobody_took_over_keeps_the_token_while_a_new_holder_gets_a_larger_one()
    {
        var a = await rig.StartWorkerAsync(Settings("lease-key-a"));
        var b = await rig.StartWorkerAsync(Settings("lease-key-b"));
        var (leaseA, leaseB) = (a.Get<FetchLease>(), b.Get<FetchLease>());
        var token = (await leaseA.TryHoldAsync(FaultRig.Cancel))!.Value;
        Assert.Null(await leaseB.TryHoldAsync(FaultRig.Cancel));

        // A's renewal comes after the lease ran out (a stalled machine), and nobody took it meanwhile: A was never
        // fenced off, so its token, and the read it guards, stay valid.
        await ExpireAsync();
        Assert.Equal(token, await leaseA.TryHoldAsync(FaultRig.Cancel));
        Assert.True(leaseA.Holds(token));

        // Once it runs out again, B takes it with a larger token, and A's next renewal learns it lost the lease.
        await ExpireAsync();
        var tokenB = await leaseB.TryHoldAsync(FaultRig.Cancel);
        Assert.True(tokenB > token, $"B's token {tokenB} is not above A's {token}");
        Assert.Null(await leaseA.TryHoldAsync(FaultRig.Cancel));
        Assert.False(leaseA.Holds(token));
    }

    private async Task ExpireAsync() =>
        Assert.Equal(1, await rig.Store.ScalarAsync<long>("UPDATE fetch_lease SET expires_at = UTC_TIMESTAMP(6); SELECT ROW_COUNT()"));

    [Fact]
    public async Task Pages_slower_than_the_lease_time_to_live_neither_abort_the_read_nor_let_a_second_replica_read_the_same_window()
    {
        var (keyA, keyB) = (KeyFingerprint.Of("lease-key-a"), KeyFingerprint.Of("lease-key-b"));
        await Ingest.PublishAsync(rig.Emulator, 30, DateTime.UtcNow.AddMinutes(-20), TimeSpan.FromSeconds(30));
        var a = await rig.StartWorkerAsync(Settings("lease-key-a"));
        await FaultRig.RunUntilCompletedAsync(a);
        var ttl = a.Get<FetchLease>().TimeToLive;
        Assert.Equal(Interval * 2, ttl);

        // Every page now answers a second after the lease would have run out; 150 new videos are three pages or more.
        var latency = ttl + TimeSpan.FromSeconds(1);
        await rig.SetLatencyAsync(latency);
        await Ingest.PublishAsync(rig.Emulator, 150, DateTime.UtcNow, TimeSpan.FromSeconds(2));
        await EmulatorCall.ClearAsync(rig.Emulator);

        // A's tick starts (it holds the lease); once its first page is on the way, B starts ticking every interval.
        a.AdvanceClock();
        var read = Task.Run(() => a.Runner.RunOnceAsync(true, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        await FaultRig.Eventually(() => LoggedCall.ListAsync(rig.Emulator), calls => calls.Any(c => c.Status is null), TimeSpan.FromSeconds(30), "A's first page in flight");
        var b = await rig.StartWorkerAsync(Settings("lease-key-b"), runOnTimer: true);
        var results = await read;
        var readEnd = DateTimeOffset.UtcNow;

        // A read every page it needed, none was cut short, and B called nothing meanwhile. (Once A's tick is over, its
        // lease runs out and B may take it: the calls of the read are those that came before its end.)
        var duringRead = (await LoggedCall.ListAsync(rig.Emulator)).Where(c => c.At <= readEnd).ToList();
        TestContext.Current.SendDiagnosticMessage($"A's tick: {string.Join("; ", results)}\n{string.Join("\n", duringRead)}");
        var result = Assert.Single(results);
        Assert.True(result.Completed, $"A's read did not complete: {result}");
        Assert.True(result.Pages >= 3, $"A read {result.Pages} page(s)");
        Assert.All(duringRead, c => Assert.Equal((keyA, 200), (c.Key, c.Status!.Value)));
        Assert.True(duringRead[^1].At - duringRead[0].At > ttl, "the read lasted longer than the lease's time to live");

        // A stops ticking; B takes over once A's lease has run out and reads what is new since, never A's pages.
        await rig.SetLatencyAsync(TimeSpan.Zero);
        await rig.StopWorkerAsync(a, releaseLease: false);
        await Ingest.PublishAsync(rig.Emulator, 20, DateTime.UtcNow, TimeSpan.FromSeconds(1));
        var expected = (await Ingest.VideosAsync(rig.Emulator)).Count;
        await FaultRig.Eventually(() => rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"), n => n == expected, TimeSpan.FromSeconds(60), "B stored the new videos");

        var calls = await LoggedCall.ListAsync(rig.Emulator);
        var both = calls.Where(c => c.Ok).GroupBy(c => c.Signature).Where(g => g.Select(c => c.Key).Distinct().Count() > 1).Select(g => g.Key).ToList();
        Assert.True(both.Count == 0, $"pages read by both replicas: {string.Join(", ", both)}");
        var firstOfB = calls.FindIndex(c => c.Key == keyB);
        Assert.True(firstOfB >= duringRead.Count, "B called YouTube while A was reading");
        Assert.All(calls.Skip(firstOfB), c => Assert.Equal(keyB, c.Key));
        await Ingest.AssertStoredExactlyAsync(rig.Store, (await Ingest.VideosAsync(rig.Emulator)).Select(v => v.Id), "after the slow read and the take-over");
    }
}
