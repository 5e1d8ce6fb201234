using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace YouTubeFeed.Tests.Emulator;

public sealed class EmulatorFaultTests
{
    private const string Key = "test-key";
    private const string Search = "part=snippet&type=video&order=date&q=football&maxResults=10";

    [Fact]
    public async Task A_fault_on_page_2_hits_page_2_only_and_only_once()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new { query = "football", count = 30 });
        await emulator.AddFaultAsync(new { kind = "status", status = 503, onPage = 2 });

        var first = await emulator.SearchAsync(Key, Search);
        var token = first.Json.GetProperty("nextPageToken").GetString();
        var failed = await emulator.SearchAsync(Key, Search + "&pageToken=" + token);
        var retried = await emulator.SearchAsync(Key, Search + "&pageToken=" + token);
        var third = await emulator.SearchAsync(Key, Search + "&pageToken=" + retried.Json.GetProperty("nextPageToken").GetString());

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.Status);
        Assert.Equal("backendError", failed.Reason);
        Assert.Equal(503, failed.Error.GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal(HttpStatusCode.OK, third.Status);

        var calls = (await emulator.GetJsonAsync("admin/calls")).EnumerateArray().ToArray();
        Assert.Equal([1, 2, 2, 3], calls.Select(call => call.GetProperty("page").GetInt32()));
        Assert.Equal([200, 503, 200, 200], calls.Select(call => call.GetProperty("status").GetInt32()));
        Assert.Equal("backendError", calls[1].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_fault_hits_the_next_count_calls_of_its_query()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.AddFaultAsync(new { kind = "status", status = 500, count = 2, query = "Football" });

        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync(Key, "part=snippet&q=chess")).Status);
        Assert.Equal(HttpStatusCode.InternalServerError, (await emulator.SearchAsync(Key, Search)).Status);
        Assert.Single((await emulator.GetJsonAsync("admin/faults")).EnumerateArray());
        Assert.Equal(HttpStatusCode.InternalServerError, (await emulator.SearchAsync(Key, Search)).Status);
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync(Key, Search)).Status);
        Assert.Empty((await emulator.GetJsonAsync("admin/faults")).EnumerateArray());
    }

    [Fact]
    public async Task A_rate_limit_fault_is_a_403_that_is_not_quotaExceeded_and_is_not_charged()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Keys"] = "k:1000" });
        await emulator.AddFaultAsync(new { kind = "rate-limit" });

        var reply = await emulator.SearchAsync("k", Search);

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("rateLimitExceeded", reply.Reason);
        var key = Assert.Single((await emulator.GetJsonAsync("admin/keys")).EnumerateArray());
        Assert.Equal(0, key.GetProperty("spentUnits").GetInt32());
    }

    [Fact]
    public async Task A_malformed_fault_answers_200_with_a_body_that_is_not_json()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.AddFaultAsync(new { kind = "malformed" });

        var reply = await emulator.SearchAsync(Key, Search);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(reply.Body));
    }

    [Fact]
    public async Task An_unexpected_shape_fault_answers_200_json_without_an_items_array()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.AddFaultAsync(new { kind = "unexpected-shape" });
        await emulator.AddFaultAsync(new { kind = "unexpected-shape", variant = "missing-items" });

        var wrongType = await emulator.SearchAsync(Key, Search);
        var missing = await emulator.SearchAsync(Key, Search);

        Assert.Equal(HttpStatusCode.OK, wrongType.Status);
        Assert.NotEqual(JsonValueKind.Array, wrongType.Json.GetProperty("items").ValueKind);
        Assert.Equal(HttpStatusCode.OK, missing.Status);
        Assert.False(missing.Json.TryGetProperty("items", out _));
    }

    [Fact]
    public async Task A_timeout_fault_holds_the_answer_then_answers_normally()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.PublishAsync(new { query = "football", count = 2 });
        await emulator.AddFaultAsync(new { kind = "timeout", delay = "00:00:00.300" });

        var watch = Stopwatch.StartNew();
        var reply = await emulator.SearchAsync(Key, Search);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"answered after {watch.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(2, reply.VideoIds.Count);
    }

    [Fact]
    public async Task A_client_that_gives_up_on_a_timeout_fault_is_recorded_as_499()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.AddFaultAsync(new { kind = "timeout", delay = "00:01:00" });
        // Far below the fault's minute, and long enough for the call to reach the emulator (and be recorded) first.
        using var impatient = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        impatient.DefaultRequestHeaders.Add("X-Goog-Api-Key", Key);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            impatient.GetAsync(RunningEmulator.SearchPath + "?" + Search, TestContext.Current.CancellationToken));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        int? status;
        do
        {
            var call = Assert.Single((await emulator.GetJsonAsync("admin/calls")).EnumerateArray());
            status = call.GetProperty("status").ValueKind == JsonValueKind.Null ? null : call.GetProperty("status").GetInt32();
        }
        while (status is null && DateTime.UtcNow < deadline);

        Assert.Equal(499, status);
    }

    [Fact]
    public async Task Latency_delays_every_search_call_until_reset()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        using (var set = await emulator.SendJsonAsync(HttpMethod.Put, "admin/latency", new { delay = "00:00:00.200" }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync(Key, Search)).Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(150), $"answered after {watch.Elapsed}");

        using (var reset = await emulator.SendJsonAsync(HttpMethod.Post, "admin/reset"))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        Assert.Equal("00:00:00", (await emulator.GetJsonAsync("admin/latency")).GetProperty("delay").GetString());
    }

    [Fact]
    public async Task Faults_can_be_cleared_and_bad_ones_are_refused()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.AddFaultAsync(new { kind = "status" });

        using (var clear = await emulator.SendJsonAsync(HttpMethod.Delete, "admin/faults"))
        {
            Assert.Equal(HttpStatusCode.NoContent, clear.StatusCode);
        }

        using var bad = await emulator.SendJsonAsync(HttpMethod.Post, "admin/faults", new { kind = "explode", status = 200 });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync(Key, Search)).Status);
    }
}
