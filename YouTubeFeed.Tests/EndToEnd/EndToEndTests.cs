using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;
using StackExchange.Redis;
using YouTubeFeed.Tests.Infrastructure;
using YouTubeFeed.Tests.Ingestion;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Tests.EndToEnd;

/// <summary>The whole system as a user runs it: emulator → Worker → MySQL/Redis → Api.</summary>
[Collection(AppHostCollection.Name)]
public sealed class EndToEndTests(AppHostFixture system)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Published_videos_are_stored_and_served_decoded_and_newest_first()
    {
        var published = await PublishedAsync();
        var expected = published.Take(10).Select(v => v.GetProperty("videoId").GetString()).ToList();

        // The seed is fetched by the first cycle; the stream keeps adding, so compare with what was published then.
        var page = await PollAsync(async () =>
        {
            var body = await GetJsonAsync("/getData?limit=100");
            var ids = body.GetProperty("videos").EnumerateArray().Select(v => v.GetProperty("video_id").GetString()).ToHashSet();
            return expected.All(ids.Contains) ? body : (JsonElement?)null;
        }, TimeSpan.FromSeconds(60));

        var videos = page.GetProperty("videos").EnumerateArray().ToList();
        var times = videos.Select(v => v.GetProperty("published_at").GetString()!).ToList();
        Assert.Equal(times.OrderDescending(StringComparer.Ordinal), times);
        Assert.All(times, t => Assert.EndsWith("Z", t, StringComparison.Ordinal));
        Assert.DoesNotContain(videos, v => v.GetProperty("title").GetString()!.Contains("&#39;", StringComparison.Ordinal)
                                           || v.GetProperty("title").GetString()!.Contains("&amp;", StringComparison.Ordinal));

        var byId = published.ToDictionary(v => v.GetProperty("videoId").GetString()!, v => v.GetProperty("title").GetString());
        Assert.All(videos.Where(v => byId.ContainsKey(v.GetProperty("video_id").GetString()!)),
            v => Assert.Equal(byId[v.GetProperty("video_id").GetString()!], v.GetProperty("title").GetString()));

        var modern = await GetJsonAsync("/api/videos?limit=5");
        Assert.Equal(5, modern.GetProperty("items").GetArrayLength());
        Assert.NotEqual(JsonValueKind.Null, modern.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task A_video_published_while_the_test_runs_appears_within_two_fetch_intervals()
    {
        var marker = $"zq{Guid.NewGuid():N}"[..12];
        await PollAsync(async () => (await GetJsonAsync("/getData")).GetProperty("totalCount").GetInt64() > 0 ? true : (bool?)null, TimeSpan.FromSeconds(60));

        var started = DateTimeOffset.UtcNow;
        using var publish = await system.Emulator.PostAsJsonAsync(
            "/admin/videos", new { query = "football", count = 1, title = $"Don't & won't {marker}" }, Cancel);
        publish.EnsureSuccessStatusCode();

        // Polled for longer than the video may take, so that a late one is told from a lost one.
        var found = await TryPollAsync(async () =>
        {
            var body = await GetJsonAsync($"/api/videos?q={marker}");
            return body.GetProperty("items").GetArrayLength() == 1 ? body : (JsonElement?)null;
        }, TimeSpan.FromMinutes(2));
        var elapsed = DateTimeOffset.UtcNow - started;

        // Two intervals (the emulator's quota lets the planner read every FetchInterval), plus the time one tick (lease,
        // ledger, reads, quota ledger: all in MySQL) and the request take on a 2-core machine running the whole suite:
        // 1-6 s after publication here, in full runs too. The emulator refuses a share of calls for rate, as YouTube
        // does; the Worker then rests the project's one key, and a video published meanwhile (or during the rest of a
        // refusal just before) waits for the rest to end: each refusal in the window allows its rest.
        var window = started - KeyRest.For(FailureKind.RateLimited, 1, null);
        var calls = (await LoggedCall.ListAsync(system.Emulator, Cancel)).Where(c => c.At >= window).ToList();
        var refusals = calls.Count(c => c.Status is StatusCodes.Status403Forbidden or StatusCodes.Status429TooManyRequests);
        var allowed = (AppHostFixture.FetchInterval * 2) + TimeSpan.FromSeconds(6)
            + Enumerable.Range(1, refusals).Aggregate(TimeSpan.Zero, (sum, strike) => sum + KeyRest.For(FailureKind.RateLimited, strike, null));
        TestContext.Current.SendDiagnosticMessage($"appeared after {elapsed} ({refusals} refusal(s))");
        if (found is not { } page || elapsed >= allowed)
        {
            Assert.Fail($"{(found is null ? "not found" : "found")} after {elapsed.TotalSeconds:F1} s; allowed {allowed.TotalSeconds:F0} s with {refusals} refusal(s)\n"
                + WhatHappened(calls));
            return;
        }

        Assert.Equal($"Don't & won't {marker}", page.GetProperty("items")[0].GetProperty("title").GetString());

        // The cached first page was refreshed too (the Api dropped its copy when the Worker announced it).
        await PollAsync(async () =>
        {
            var first = await GetJsonAsync("/getData?limit=100");
            return first.GetProperty("videos").EnumerateArray().Any(v => v.GetProperty("title").GetString()!.EndsWith(marker, StringComparison.Ordinal)) ? true : (bool?)null;
        }, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task The_dashboard_commands_fetch_now_and_flush_the_cache()
    {
        await PollAsync(async () => (await GetJsonAsync("/getData")).GetProperty("totalCount").GetInt64() > 0 ? true : (bool?)null, TimeSpan.FromSeconds(60));

        var fetch = await system.App.ResourceCommands.ExecuteCommandAsync("worker", "fetch-now", Cancel);
        Assert.True(fetch.Success, fetch.Message);

        var connectionString = await system.App.GetConnectionStringAsync("cache", Cancel);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString!);
        await PollAsync(async () => await redis.GetDatabase().KeyExistsAsync("ytfeed:v1:first-page") ? true : (bool?)null, TimeSpan.FromSeconds(30));

        // Flush cache touches the cache and nothing else: not another program's keys, not the quota ledger in MySQL.
        var foreign = $"other-app:{Guid.NewGuid():N}";
        await redis.GetDatabase().StringSetAsync(foreign, "kept", TimeSpan.FromMinutes(1));
        var quotaRows = await QuotaRowsAsync();
        Assert.True(quotaRows > 0, "the Worker has spent quota");

        var flush = await system.App.ResourceCommands.ExecuteCommandAsync("cache", "flush-cache", Cancel);
        Assert.True(flush.Success, flush.Message);
        Assert.Contains("Deleted", flush.Message, StringComparison.Ordinal);
        Assert.Equal("kept", (string?)await redis.GetDatabase().StringGetAsync(foreign));
        Assert.True(await QuotaRowsAsync() >= quotaRows);

        // The Api keeps answering, from MySQL, and fills the cache again once its own copy is due (not waiting for the
        // Worker, whose key may be resting after a refusal).
        await PollAsync(async () =>
        {
            using var response = await system.Api.GetAsync("/getData", Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await redis.GetDatabase().KeyExistsAsync("ytfeed:v1:first-page") ? true : (bool?)null;
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Every_resource_is_healthy_and_the_api_says_so()
    {
        foreach (var resource in new[] { "mysql", "youtubedb", "youtubedb-owner", "youtubedb-worker", "youtubedb-api", "cache", "youtube-emulator", "worker", "api" })
        {
            Assert.True(system.App.ResourceNotifications.TryGetCurrentState(resource, out var state), resource);
            Assert.Equal(HealthStatus.Healthy, state.Snapshot.HealthStatus);
        }

        var health = await GetJsonAsync("/health");
        Assert.False(health.GetProperty("isError").GetBoolean());
    }

    [Fact]
    public async Task The_api_user_only_reads_and_the_worker_user_writes_rows_but_not_the_schema()
    {
        await PollAsync(async () => (await GetJsonAsync("/getData")).GetProperty("totalCount").GetInt64() > 0 ? true : (bool?)null, TimeSpan.FromSeconds(60));

        await using var api = new MySqlConnection(await system.App.GetConnectionStringAsync("youtubedb-api", Cancel));
        await api.OpenAsync(Cancel);
        await using (var count = new MySqlCommand("SELECT COUNT(*) FROM videos", api))
        {
            Assert.True(Convert.ToInt64(await count.ExecuteScalarAsync(Cancel), System.Globalization.CultureInfo.InvariantCulture) > 0);
        }

        await using (var delete = new MySqlCommand("DELETE FROM videos", api))
        {
            Assert.Equal(MySqlErrorCode.TableAccessDenied, (await Assert.ThrowsAsync<MySqlException>(() => delete.ExecuteNonQueryAsync(Cancel))).ErrorCode);
        }

        await using var worker = new MySqlConnection(await system.App.GetConnectionStringAsync("youtubedb-worker", Cancel));
        await worker.OpenAsync(Cancel);
        await using (var drop = new MySqlCommand("DROP TABLE videos", worker))
        {
            Assert.Equal(MySqlErrorCode.TableAccessDenied, (await Assert.ThrowsAsync<MySqlException>(() => drop.ExecuteNonQueryAsync(Cancel))).ErrorCode);
        }

        Assert.True(system.App.ResourceNotifications.TryGetCurrentState("youtubedb-migrations", out var migrations));
        Assert.Equal(KnownResourceStates.Finished, migrations.Snapshot.State?.Text);
        Assert.Equal(0, migrations.Snapshot.ExitCode);
    }

    private async Task<long> QuotaRowsAsync()
    {
        await using var connection = new MySqlConnection(await system.App.GetConnectionStringAsync("youtubedb", Cancel));
        await connection.OpenAsync(Cancel);
        await using var count = new MySqlCommand("SELECT COUNT(*) FROM quota_usage", connection);
        return Convert.ToInt64(await count.ExecuteScalarAsync(Cancel), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<List<JsonElement>> PublishedAsync()
    {
        using var response = await system.Emulator.GetAsync("/admin/videos?query=football", Cancel);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.EnumerateArray().ToList();
    }

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await system.Api.GetAsync(url, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>
    /// The emulator's last calls and the Worker's last log events, for the message of a failed assertion: few enough
    /// lines for the summary <c>scripts/test.sh</c> prints (40 of a message).
    /// </summary>
    private string WhatHappened(IEnumerable<LoggedCall> calls) =>
        "--- the emulator's last calls:\n" + string.Join("\n", calls.TakeLast(15).Select(c => c.ToString()).DefaultIfEmpty("(none)"))
        + "\n--- the Worker's last log events:\n"
        + string.Join("\n", ResourceLog.Events(system.App.Services.GetRequiredService<TestLogs>(), "worker", 20).DefaultIfEmpty("(none)"));

    private static async Task<T> PollAsync<T>(Func<Task<T?>> probe, TimeSpan timeout)
        where T : struct
    {
        var value = await TryPollAsync(probe, timeout);
        Assert.True(value.HasValue, $"condition not met within {timeout}");
        return value.Value;
    }

    /// <summary>The probe's first value, or null when it gave none within <paramref name="timeout"/>.</summary>
    private static async Task<T?> TryPollAsync<T>(Func<Task<T?>> probe, TimeSpan timeout)
        where T : struct
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            await Task.Delay(200, Cancel);
        }
    }
}
