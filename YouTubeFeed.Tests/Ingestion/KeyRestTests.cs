using Microsoft.Extensions.Time.Testing;
using YouTubeFeed.Tests.Faults;
using YouTubeFeed.Tests.Infrastructure;
using YouTubeFeed.Worker.Ingestion;
using YouTubeFeed.Worker.Keys;

namespace YouTubeFeed.Tests.Ingestion;

/// <summary>
/// How refused keys rest and come back (issue 15): a request-level 403 rests one key briefly, a disabled API or a
/// rate limit rests the project with growing pauses and fetching resumes at the end of the pause (not at midnight
/// Pacific), keys of one project share its 100 calls, and only invalid or expired keys are retired, for good.
/// Emulator and Worker share one fake clock. The emulator runs its realistic "youtube" profile (short and odd
/// pages, caps) with its random refusals and 503s off, so that every refusal here is the one the test injects.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class KeyRestTests(BackendFixture backend) : IAsyncLifetime
{
    // 10:00 in Los Angeles: 14 hours before the quota resets.
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Start);
    private FaultRig rig = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (rig is not null)
        {
            await rig.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_forbidden_answer_rests_only_that_key_briefly_never_retires_it_and_is_not_retried_with_every_key_in_one_tick()
    {
        await StartAsync(new() { ["Projects:p"] = "fb-key-1,fb-key-2,fb-key-3" });
        var worker = await StartWorkerAsync(new() { ["YouTube:ApiKeys"] = "", ["YouTube:Projects:p"] = "fb-key-1,fb-key-2,fb-key-3" });
        await Ingest.PublishAsync(rig.Emulator, 120, Now.AddMinutes(-5), TimeSpan.FromSeconds(20));
        await rig.AddFaultAsync(new { kind = "forbidden", count = 3 });
        var (k1, k2, k3) = (KeyFingerprint.Of("fb-key-1"), KeyFingerprint.Of("fb-key-2"), KeyFingerprint.Of("fb-key-3"));

        // Each tick: one call, refused, and the read stops; the next tick tries the next key.
        foreach (var key in new[] { k1, k2, k3 })
        {
            await EmulatorCall.ClearAsync(rig.Emulator);
            var results = await Ingest.TickAsync(worker);
            var calls = await LoggedCall.ListAsync(rig.Emulator);
            var call = Assert.Single(calls);
            Assert.Equal((key, 403, "forbidden"), (call.Key, call.Status, call.Reason));
            Assert.False(Assert.Single(results).Completed);
            Assert.Contains("Forbidden", results[0].Problem, StringComparison.Ordinal);
        }

        Assert.Equal(0, await rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"));
        var states = await KeyStatesAsync();
        Assert.All([k1, k2, k3], k => Assert.Equal("resting", states[k].Status));
        Assert.All(states.Values, s => Assert.Equal(1, s.Strikes));

        // Every key rests: nothing is called, and the Worker waits for the first rest to end, 30 s after the refusal.
        await EmulatorCall.ClearAsync(rig.Emulator);
        Assert.Empty(await Ingest.TickAsync(worker));
        Assert.Empty(await LoggedCall.ListAsync(rig.Emulator));
        var status = worker.Get<IngestionStatus>();
        Assert.Equal(new DateTimeOffset(states[k1].Until!.Value, TimeSpan.Zero), status.WaitingForKeysUntil);
        Assert.InRange(status.WaitingForKeysUntil!.Value - Start, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(31));

        // The first key is back after its rest, is used, and its refusals are forgotten.
        clock.SetUtcNow(status.WaitingForKeysUntil.Value);
        await FaultRig.RunUntilCompletedAsync(worker);
        var after = await LoggedCall.ListAsync(rig.Emulator);
        Assert.Equal(k1, after[0].Key);
        Assert.All(after, c => Assert.Equal(200, c.Status));
        states = await KeyStatesAsync();
        Assert.False(states.ContainsKey(k1), "a success ends the key's streak of refusals");
        Assert.DoesNotContain(states.Values, s => s.Status == "retired");
        await Ingest.AssertStoredExactlyAsync(rig.Store, (await Ingest.VideosAsync(rig.Emulator)).Select(v => v.Id), "after the forbidden answers");
    }

    [Fact]
    public async Task A_project_whose_API_is_disabled_rests_with_growing_pauses_and_its_key_is_used_again_at_the_end_of_the_rest_once_enabled()
    {
        await StartAsync(new() { ["Projects:off"] = "off-key,off-key-2", ["Projects:on"] = "on-key" });
        await PutProjectAsync("off", new { enableAt = Start.AddMinutes(10) });
        var worker = await StartWorkerAsync(new()
        {
            ["YouTube:ApiKeys"] = "",
            ["YouTube:Projects:off"] = "off-key,off-key-2",
            ["YouTube:Projects:on"] = "on-key",
        });
        var (off, off2) = (KeyFingerprint.Of("off-key"), KeyFingerprint.Of("off-key-2"));

        // A tick a minute for 20 minutes, with new videos each minute; the other project reads meanwhile.
        var offCalls = new List<LoggedCall>();
        for (var minute = 0; minute <= 20; minute++)
        {
            clock.SetUtcNow(Start.AddMinutes(minute));
            await Ingest.PublishAsync(rig.Emulator, 3, Now.AddSeconds(-1), TimeSpan.FromSeconds(10));
            await EmulatorCall.ClearAsync(rig.Emulator);
            var results = await Ingest.TickAsync(worker, force: false);
            var calls = await LoggedCall.ListAsync(rig.Emulator);
            offCalls.AddRange(calls.Where(c => c.Key == off));
            // The refusal concerns the project: its other key rests with it and is not tried meanwhile.
            Assert.DoesNotContain(calls, c => c.Key == off2);
            if (minute == 0)
            {
                var resting = await KeyStatesAsync();
                Assert.Equal(("resting", "resting"), (resting[off].Status, resting[off2].Status));
                Assert.Equal(resting[off].Until, resting[off2].Until);
            }

            Assert.True(results.Count > 0 && results.All(r => r.Completed), $"minute {minute}: reads go on with the other project: {string.Join("; ", results)}");
            Assert.Contains(calls, c => c.Status == 200);
        }

        // Refused at 0 (rest 2 min), 2 (rest 4), 6 (rest 8), then at 14, after its rest, it works (enabled at 10).
        Assert.Equal(
            [(0, 403, "accessNotConfigured"), (2, 403, "accessNotConfigured"), (6, 403, "accessNotConfigured"), (14, 200, null)],
            offCalls.Take(4).Select(c => ((int)(c.At - Start).TotalMinutes, c.Status!.Value, c.Reason)).ToArray());
        Assert.All(offCalls.Skip(3), c => Assert.Equal(200, c.Status));
        Assert.True(offCalls.Count > 4, "the project with the most calls left is preferred once it is back");
        Assert.DoesNotContain((await KeyStatesAsync()).Values, s => s.Status == "retired");
        Assert.False((await KeyStatesAsync()).ContainsKey(off), "the success ended the project's streak");
        await Ingest.AssertStoredExactlyAsync(rig.Store, (await Ingest.VideosAsync(rig.Emulator)).Select(v => v.Id), "after the API was enabled");
        // Refusals of a disabled API are not charged, by YouTube or by the Worker.
        Assert.Equal(
            (await ProjectSpentUnitsAsync("off")) + (await ProjectSpentUnitsAsync("on")),
            await rig.Store.ScalarAsync<long>("SELECT COALESCE(SUM(units_spent), 0) FROM quota_usage"));
    }

    [Fact]
    public async Task With_its_only_project_disabled_the_Worker_waits_for_the_end_of_the_rest_not_for_midnight_and_resumes_when_enabled()
    {
        await StartAsync(new() { ["Projects:solo"] = "solo-key", ["DisabledProjects"] = "solo" });
        var worker = await StartWorkerAsync(new() { ["YouTube:ApiKeys"] = "", ["YouTube:Projects:solo"] = "solo-key" });
        await Ingest.PublishAsync(rig.Emulator, 80, Now.AddMinutes(-1), TimeSpan.FromSeconds(30));

        var refused = Assert.Single(await Ingest.TickAsync(worker));
        Assert.False(refused.Completed);
        var status = worker.Get<IngestionStatus>();
        Assert.True(status.AllKeysUnusable);
        var restEnd = status.WaitingForKeysUntil!.Value;
        Assert.Equal(clock.GetUtcNow().AddMinutes(2), restEnd);

        // Before the end of the rest nothing is called, even when "fetch now" asks.
        await EmulatorCall.ClearAsync(rig.Emulator);
        clock.SetUtcNow(restEnd.AddSeconds(-1));
        Assert.Empty(await Ingest.TickAsync(worker));
        Assert.Empty(await LoggedCall.ListAsync(rig.Emulator));

        // The operator enables the API; the key is tried at the end of its rest and fetching resumes.
        await PutProjectAsync("solo", new { apiEnabled = true });
        clock.SetUtcNow(restEnd);
        await FaultRig.RunUntilCompletedAsync(worker);
        Assert.False(status.AllKeysUnusable);
        await Ingest.AssertStoredExactlyAsync(rig.Store, (await Ingest.VideosAsync(rig.Emulator)).Select(v => v.Id), "after the API was enabled");
    }

    [Fact]
    public async Task A_rate_limit_rests_the_project_for_a_short_growing_pause_and_fetching_resumes_at_its_end_not_at_midnight()
    {
        await StartAsync();
        var worker = await StartWorkerAsync(new() { ["YouTube:ApiKeys"] = "rate-key" });
        var key = KeyFingerprint.Of("rate-key");
        await Ingest.PublishAsync(rig.Emulator, 150, Now.AddMinutes(-1), TimeSpan.FromSeconds(30));
        var status = worker.Get<IngestionStatus>();

        // 429 RESOURCE_EXHAUSTED with Retry-After 5 s: the project rests 30 s (the first pause is longer than asked).
        await rig.AddFaultAsync(new { kind = "resource-exhausted", retryAfter = 5, count = 1 });
        var first = Assert.Single(await Ingest.TickAsync(worker));
        Assert.False(first.Completed);
        var refusedAt = clock.GetUtcNow();
        Assert.Equal(refusedAt.AddSeconds(30), status.WaitingForKeysUntil);

        await EmulatorCall.ClearAsync(rig.Emulator);
        clock.SetUtcNow(refusedAt.AddSeconds(29));
        Assert.Empty(await Ingest.TickAsync(worker));
        Assert.Empty(await LoggedCall.ListAsync(rig.Emulator));

        clock.SetUtcNow(refusedAt.AddSeconds(30));
        await FaultRig.RunUntilCompletedAsync(worker);
        Assert.All(await LoggedCall.ListAsync(rig.Emulator), c => Assert.Equal((key, 200), (c.Key, c.Status!.Value)));
        Assert.Empty(await KeyStatesAsync());

        // 403 rateLimitExceeded twice in a row: 30 s, then 60 s.
        await Ingest.PublishAsync(rig.Emulator, 10, Now, TimeSpan.FromSeconds(1));
        await rig.AddFaultAsync(new { kind = "rate-limit", count = 2 });
        await Ingest.TickAsync(worker);
        Assert.Equal(clock.GetUtcNow().AddSeconds(30), status.WaitingForKeysUntil);
        clock.SetUtcNow(status.WaitingForKeysUntil!.Value);
        await Ingest.TickAsync(worker);
        Assert.Equal(clock.GetUtcNow().AddSeconds(60), status.WaitingForKeysUntil);
        Assert.Equal(2, (await KeyStatesAsync())[key].Strikes);

        // A Retry-After longer than the pause is honoured.
        clock.SetUtcNow(status.WaitingForKeysUntil!.Value);
        await FaultRig.RunUntilCompletedAsync(worker);
        await rig.AddFaultAsync(new { kind = "resource-exhausted", retryAfter = 600, count = 1 });
        await Ingest.TickAsync(worker);
        Assert.Equal(clock.GetUtcNow().AddSeconds(600), status.WaitingForKeysUntil);
        clock.SetUtcNow(status.WaitingForKeysUntil!.Value);
        await FaultRig.RunUntilCompletedAsync(worker);

        Assert.Empty(await KeyStatesAsync());
        Assert.DoesNotContain(await LoggedCall.ListAsync(rig.Emulator), c => c.Reason == "quotaExceeded");
        await Ingest.AssertStoredExactlyAsync(rig.Store, (await Ingest.VideosAsync(rig.Emulator)).Select(v => v.Id), "after the rate limits");
    }

    [Fact]
    public async Task Two_keys_of_one_project_share_its_100_calls_a_day()
    {
        await StartAsync(new() { ["Projects:shared"] = "share-key-1,share-key-2" });
        var worker = await StartWorkerAsync(new()
        {
            ["YouTube:ApiKeys"] = "",
            ["YouTube:Projects:shared"] = "share-key-1,share-key-2",
            ["YouTube:DailyQuotaUnits"] = "10000",
        });
        var (k1, k2) = (KeyFingerprint.Of("share-key-1"), KeyFingerprint.Of("share-key-2"));
        await Ingest.PublishAsync(rig.Emulator, 200, Now.AddMinutes(-1), TimeSpan.FromSeconds(30));
        // The first key rests a while after a request-level 403, so that the second key carries on meanwhile.
        await rig.AddFaultAsync(new { kind = "forbidden", key = "share-key-1", count = 1, onPage = 1 });

        var status = worker.Get<IngestionStatus>();
        for (var tick = 0; tick < 150 && status.Budget?.CallsLeft != 0; tick++)
        {
            await Ingest.PublishAsync(rig.Emulator, 1, Now, TimeSpan.Zero);
            clock.Advance(TimeSpan.FromSeconds(5));
            await Ingest.TickAsync(worker);
        }

        // 100 calls between the two keys, and YouTube never had to refuse one for quota: the Worker counted them together.
        var calls = await LoggedCall.ListAsync(rig.Emulator);
        Assert.Equal(0, status.Budget!.CallsLeft);
        Assert.DoesNotContain(calls, c => c.Reason == "quotaExceeded");
        Assert.Equal(100, calls.Count);
        Assert.Contains(calls, c => c.Key == k1 && c.Status == 200);
        Assert.Contains(calls, c => c.Key == k2 && c.Status == 200);
        Assert.Equal(10_000, await ProjectSpentUnitsAsync("shared"));
        Assert.Equal(10_000, await rig.Store.ScalarAsync<long>("SELECT units_spent FROM quota_usage WHERE project = 'shared'"));

        // Nothing more today: the Worker waits for midnight Pacific, the quota's reset.
        await EmulatorCall.ClearAsync(rig.Emulator);
        Assert.Empty(await Ingest.TickAsync(worker));
        Assert.Empty(await LoggedCall.ListAsync(rig.Emulator));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), status.WaitingForKeysUntil);
    }

    [Fact]
    public async Task Only_invalid_or_expired_keys_are_retired_and_they_stay_retired_after_a_restart_and_a_new_day()
    {
        await StartAsync();
        await rig.PutKeyAsync("invalid-key", new { invalid = true });
        await rig.PutKeyAsync("expired-key", new { expired = true });
        var settings = new Dictionary<string, string?> { ["YouTube:ApiKeys"] = "invalid-key,expired-key,working-key" };
        var worker = await StartWorkerAsync(settings);
        var (invalid, expired, working) = (KeyFingerprint.Of("invalid-key"), KeyFingerprint.Of("expired-key"), KeyFingerprint.Of("working-key"));
        await Ingest.PublishAsync(rig.Emulator, 120, Now.AddMinutes(-1), TimeSpan.FromSeconds(30));

        await FaultRig.RunUntilCompletedAsync(worker);
        var calls = await LoggedCall.ListAsync(rig.Emulator);
        Assert.Equal((400, 1), (calls.Single(c => c.Key == invalid).Status!.Value, calls.Count(c => c.Key == invalid)));
        Assert.Equal((400, 1), (calls.Single(c => c.Key == expired).Status!.Value, calls.Count(c => c.Key == expired)));
        var states = await KeyStatesAsync();
        Assert.Equal(("retired", "API_KEY_INVALID"), (states[invalid].Status, states[invalid].Reason));
        Assert.Equal(("retired", "API_KEY_EXPIRED"), (states[expired].Status, states[expired].Reason));
        Assert.False(states.ContainsKey(working));

        // A restart the next day: the retired keys are not tried again.
        await rig.StopWorkerAsync(worker);
        clock.Advance(TimeSpan.FromDays(1));
        await EmulatorCall.ClearAsync(rig.Emulator);
        await Ingest.PublishAsync(rig.Emulator, 60, Now, TimeSpan.FromSeconds(10));
        var restarted = await StartWorkerAsync(settings);
        await FaultRig.RunUntilCompletedAsync(restarted);
        await FaultRig.RunUntilCompletedAsync(restarted);

        Assert.All(await LoggedCall.ListAsync(rig.Emulator), c => Assert.Equal(working, c.Key));
        Assert.Equal(1, restarted.Get<IngestionStatus>().Budget!.Projects.Sum(p => p.LiveKeys));
        await Ingest.AssertStoredExactlyAsync(rig.Store, (await Ingest.VideosAsync(rig.Emulator)).Select(v => v.Id), "after the restart");
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task StartAsync(Dictionary<string, string?>? emulator = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Behaviour"] = "youtube",
            ["RandomSeed"] = "7",
            ["ErrorShare"] = "0",
            ["RateLimitShare"] = "0",
        };
        foreach (var (key, value) in emulator ?? [])
        {
            settings[key] = value;
        }

        rig = await FaultRig.StartAsync(backend, settings, clock);
    }

    private Task<WorkerHarness> StartWorkerAsync(Dictionary<string, string?> settings) => rig.StartWorkerAsync(settings, clock);

    private async Task PutProjectAsync(string name, object body)
    {
        using var response = await rig.Emulator.SendJsonAsync(HttpMethod.Put, $"admin/projects/{name}", body);
        response.EnsureSuccessStatusCode();
    }

    private async Task<long> ProjectSpentUnitsAsync(string name) =>
        (await rig.Emulator.GetJsonAsync("admin/projects")).EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == name).GetProperty("spentUnits").GetInt64();

    private async Task<Dictionary<string, KeyRow>> KeyStatesAsync()
    {
        var rows = await rig.Store.ColumnAsync(
            "SELECT CONCAT_WS('|', fingerprint, status, COALESCE(DATE_FORMAT(until, '%Y-%m-%dT%H:%i:%s.%f'), ''), strikes, reason) FROM api_key_state");
        return rows.Select(r => r.Split('|')).ToDictionary(
            p => p[0],
            p => new KeyRow(p[1], p[2].Length == 0 ? null : DateTime.SpecifyKind(DateTime.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc), int.Parse(p[3], System.Globalization.CultureInfo.InvariantCulture), p[4]),
            StringComparer.Ordinal);
    }

    private sealed record KeyRow(string Status, DateTime? Until, int Strikes, string Reason);
}
