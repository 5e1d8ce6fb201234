using Microsoft.Extensions.Time.Testing;
using YouTubeFeed.Tests.Infrastructure;
using YouTubeFeed.Tests.Ingestion;
using YouTubeFeed.Worker.Ingestion;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Tests.Faults;

/// <summary>
/// YouTube misbehaving in every way the emulator can: each case ends with every published video stored exactly
/// once with its fields, and an Api on the same store answering.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class YouTubeFaultTests(BackendFixture backend) : IAsyncLifetime
{
    private FaultRig rig = null!;

    public async ValueTask InitializeAsync() => rig = await FaultRig.StartAsync(backend);

    public async ValueTask DisposeAsync() => await rig.DisposeAsync();

    [Fact]
    public async Task Bursts_of_5xx_are_retried_once_or_left_to_the_next_cycle()
    {
        var worker = await rig.StartWorkerAsync();
        await rig.PublishAsync(230);
        // One 500 on page 1: absorbed by the one retry a failed call gets (each attempt costs quota).
        await rig.AddFaultAsync(new { kind = "status", status = 500, count = 1, onPage = 1 });
        // Two 503s on page 3 (the call and its retry): the read stops there, keeping what pages 1 and 2 read.
        await rig.AddFaultAsync(new { kind = "status", status = 503, count = 2, onPage = 3 });

        var first = Assert.Single(await FaultRig.RunAsync(worker));
        Assert.False(first.Completed);
        Assert.Equal(2, first.Pages);
        Assert.Equal(100, await rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"));

        // A burst of 502s on every call of the next cycle: it stops again.
        await rig.AddFaultAsync(new { kind = "status", status = 502, count = 2 });
        Assert.False(Assert.Single(await FaultRig.RunAsync(worker)).Completed);

        await FaultRig.RunUntilCompletedAsync(worker);
        Assert.Equal(0, await rig.PendingFaultsAsync());
        await rig.FinalCheckAsync("YouTube 5xx bursts (500 page 1, 503x2 page 3, 502x2)");
    }

    [Fact]
    public async Task Timeouts_from_the_timeout_fault_and_from_latency_are_left_to_the_next_cycle()
    {
        var worker = await rig.StartWorkerAsync(new() { ["YouTube:RequestTimeout"] = "00:00:01" });
        await rig.PublishAsync(180);
        // Page 2 answers after 3 s, twice: the call and its retry each give up after YouTube:RequestTimeout (1 s).
        await rig.AddFaultAsync(new { kind = "timeout", delay = "00:00:03", count = 2, onPage = 2 });

        var first = Assert.Single(await FaultRig.RunAsync(worker));
        Assert.False(first.Completed);
        Assert.Equal(1, first.Pages);
        Assert.Contains("Transient", first.Problem, StringComparison.Ordinal);

        // Every call slower than the timeout.
        await rig.SetLatencyAsync(TimeSpan.FromMilliseconds(1500));
        var slow = Assert.Single(await FaultRig.RunAsync(worker));
        Assert.False(slow.Completed);
        Assert.Equal(0, slow.Pages);

        await rig.SetLatencyAsync(TimeSpan.Zero);
        await FaultRig.RunUntilCompletedAsync(worker);
        var calls = await EmulatorCall.ListAsync(rig.Emulator);
        Assert.Contains(calls, c => c.Status == 499); // the emulator saw the client give up
        await rig.FinalCheckAsync("YouTube timeouts (timeout fault page 2 x3; 1.5 s latency over a 1 s timeout)");
    }

    [Theory]
    [InlineData(2, 400)]
    [InlineData(3, 404)]
    [InlineData(4, 500)]
    public async Task An_error_on_page_n_is_fetched_again_by_the_next_cycle(int page, int status)
    {
        var worker = await rig.StartWorkerAsync();
        await rig.PublishAsync(220); // five pages
        await rig.AddFaultAsync(new { kind = "status", status, count = 2, onPage = page });

        var first = Assert.Single(await FaultRig.RunAsync(worker));
        Assert.False(first.Completed);
        Assert.Equal(page - 1, first.Pages);

        await rig.PublishAsync(30, DateTime.UtcNow); // new videos arrive meanwhile
        await FaultRig.RunUntilCompletedAsync(worker);
        await rig.FinalCheckAsync($"YouTube {status} on page {page}");
    }

    [Fact]
    public async Task Malformed_json_is_not_stored_and_the_page_is_fetched_again()
    {
        var worker = await rig.StartWorkerAsync();
        await rig.PublishAsync(160);
        await rig.AddFaultAsync(new { kind = "malformed", count = 1, onPage = 2 });

        var first = Assert.Single(await FaultRig.RunAsync(worker));
        Assert.False(first.Completed);
        Assert.Contains("malformed", first.Problem, StringComparison.OrdinalIgnoreCase);

        await FaultRig.RunUntilCompletedAsync(worker);
        await rig.FinalCheckAsync("YouTube malformed JSON on page 2");
    }

    [Theory]
    [InlineData("wrong-type")]
    [InlineData("missing-items")]
    public async Task A_200_with_an_unexpected_shape_is_not_stored_and_the_page_is_fetched_again(string variant)
    {
        var worker = await rig.StartWorkerAsync();
        await rig.PublishAsync(160);
        await rig.AddFaultAsync(new { kind = "unexpected-shape", variant, count = 1, onPage = 1 });
        await rig.AddFaultAsync(new { kind = "unexpected-shape", variant, count = 1, onPage = 3 });

        Assert.False(Assert.Single(await FaultRig.RunAsync(worker)).Completed);
        Assert.Equal(0, await rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"));
        Assert.False(Assert.Single(await FaultRig.RunAsync(worker)).Completed);

        await FaultRig.RunUntilCompletedAsync(worker);
        await rig.FinalCheckAsync($"YouTube 200 with unexpected shape ({variant}) on pages 1 and 3");
    }

    [Fact]
    public async Task With_every_key_exhausted_fetching_waits_and_resumes_after_the_reset_at_midnight_pacific()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero)); // 12:00 PST
        await rig.PutKeyAsync("quota-key-a", new { dailyUnits = 200 });
        await rig.PutKeyAsync("quota-key-b", new { dailyUnits = 100 });
        var worker = await rig.StartWorkerAsync(
            new() { ["YouTube:ApiKeys"] = "quota-key-a,quota-key-b", ["YouTube:QuotaPacing"] = "false" }, clock);
        await rig.PublishAsync(240); // five pages; the two keys afford three calls

        var first = Assert.Single(await FaultRig.RunAsync(worker));
        Assert.False(first.Completed);
        Assert.Equal(3, first.Pages);
        var status = worker.Get<IngestionStatus>();
        Assert.True(status.AllKeysUnusable);

        // Partial data is served meanwhile, without duplicates.
        var stored = await rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos");
        Assert.Equal(150, stored);
        await rig.AssertApiAnswersAsync(150);

        await EmulatorCall.ClearAsync(rig.Emulator);
        clock.Advance(TimeSpan.FromHours(5)); // 17:00 PST: still the same Pacific day
        Assert.Empty(await FaultRig.RunAsync(worker, force: false));
        Assert.Empty(await EmulatorCall.ListAsync(rig.Emulator));

        await rig.PutKeyAsync("quota-key-a", new { dailyUnits = 10_000 });
        using (var reset = await rig.Emulator.SendJsonAsync(HttpMethod.Post, "admin/quota/reset"))
        {
            reset.EnsureSuccessStatusCode();
        }

        clock.Advance(TimeSpan.FromHours(7.5)); // 00:30 PST the next day
        await FaultRig.RunUntilCompletedAsync(worker);
        Assert.False(status.AllKeysUnusable);
        await rig.FinalCheckAsync("YouTube quota of every key exhausted, reset at midnight Pacific");
    }

    [Fact]
    public async Task With_every_key_exhausted_a_new_key_in_the_configuration_resumes_fetching()
    {
        await rig.PutKeyAsync("spent-key", new { dailyUnits = 100 });
        var worker = await rig.StartWorkerAsync(new() { ["YouTube:ApiKeys"] = "spent-key", ["YouTube:QuotaPacing"] = "false" });
        await rig.PublishAsync(200);

        Assert.False(Assert.Single(await FaultRig.RunAsync(worker)).Completed);
        Assert.True(worker.Get<IngestionStatus>().AllKeysUnusable);
        Assert.Empty(await FaultRig.RunAsync(worker)); // waits, calls nothing
        await rig.StopWorkerAsync(worker);

        // The operator adds a key and restarts the Worker.
        var restarted = await rig.StartWorkerAsync(new() { ["YouTube:ApiKeys"] = "spent-key,fresh-key", ["YouTube:QuotaPacing"] = "false" });
        await FaultRig.RunUntilCompletedAsync(restarted);
        var calls = await EmulatorCall.ListAsync(rig.Emulator);
        Assert.Equal(1, calls.Count(c => c.Key == KeyFingerprint.Of("spent-key") && c.Reason == "quotaExceeded"));
        await rig.FinalCheckAsync("YouTube quota exhausted, new key configured");
    }

    [Fact]
    public async Task An_invalid_key_is_tried_once_and_the_valid_key_carries_on()
    {
        await rig.PutKeyAsync("broken-key", new { invalid = true });
        var worker = await rig.StartWorkerAsync(new() { ["YouTube:ApiKeys"] = "broken-key,working-key" });
        await rig.PublishAsync(130);

        await FaultRig.RunUntilCompletedAsync(worker);
        await rig.PublishAsync(70, DateTime.UtcNow);
        await FaultRig.RunUntilCompletedAsync(worker);

        var calls = await EmulatorCall.ListAsync(rig.Emulator);
        Assert.Equal(1, calls.Count(c => c.Key == KeyFingerprint.Of("broken-key")));
        Assert.True(calls.Count(c => c.Key == KeyFingerprint.Of("working-key")) >= 4);
        await rig.FinalCheckAsync("YouTube invalid key next to a valid one");
    }

    [Fact]
    public async Task With_only_an_invalid_key_nothing_is_fetched_and_a_corrected_key_recovers()
    {
        await rig.PutKeyAsync("only-broken-key", new { invalid = true });
        var worker = await rig.StartWorkerAsync(new() { ["YouTube:ApiKeys"] = "only-broken-key" });
        await rig.PublishAsync(90);

        Assert.False(Assert.Single(await FaultRig.RunAsync(worker)).Completed);
        Assert.Empty(await FaultRig.RunAsync(worker));
        Assert.Empty(await FaultRig.RunAsync(worker));
        Assert.Single(await EmulatorCall.ListAsync(rig.Emulator));
        Assert.True(worker.Get<IngestionStatus>().AllKeysUnusable);
        await rig.StopWorkerAsync(worker);

        var fixedWorker = await rig.StartWorkerAsync(new() { ["YouTube:ApiKeys"] = "corrected-key" });
        await FaultRig.RunUntilCompletedAsync(fixedWorker);
        await rig.FinalCheckAsync("YouTube only key invalid, then corrected");
    }
}
