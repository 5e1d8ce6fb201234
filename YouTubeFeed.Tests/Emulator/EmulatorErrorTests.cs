using System.Net;
using System.Text.Json;
using YouTubeFeed.YouTubeEmulator.Quota;

namespace YouTubeFeed.Tests.Emulator;

/// <summary>Every error kind in Google's JSON error format, whether charged, and the random share of them.</summary>
public sealed class EmulatorErrorTests
{
    private const string Search = "part=snippet&type=video&order=date&q=football&maxResults=10";

    [Fact]
    public async Task A_resource_exhausted_fault_is_a_429_with_retry_after_and_is_not_charged()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Keys"] = "k:1000" });
        await emulator.AddFaultAsync(new { kind = "resource-exhausted", retryAfter = 7 });

        using var response = await SendAsync(emulator, "k");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("error");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal(429, body.GetProperty("code").GetInt32());
        Assert.Equal("RESOURCE_EXHAUSTED", body.GetProperty("status").GetString());
        Assert.StartsWith("Quota exceeded for quota metric", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("rateLimitExceeded", body.GetProperty("errors")[0].GetProperty("reason").GetString());
        var info = body.GetProperty("details")[0];
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", info.GetProperty("@type").GetString());
        Assert.Equal("RATE_LIMIT_EXCEEDED", info.GetProperty("reason").GetString());
        Assert.Equal("youtube.googleapis.com", info.GetProperty("metadata").GetProperty("service").GetString());
        Assert.Equal(0, await SpentAsync(emulator, "k"));
    }

    [Fact]
    public async Task An_access_not_configured_fault_is_the_disabled_api_403_and_is_not_charged()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Keys"] = "k:1000" });
        await emulator.AddFaultAsync(new { kind = "access-not-configured" });

        var reply = await emulator.SearchAsync("k", Search);

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("accessNotConfigured", reply.Reason);
        Assert.Equal("PERMISSION_DENIED", reply.Error.GetProperty("status").GetString());
        Assert.Contains(reply.Error.GetProperty("details").EnumerateArray(), detail => detail.GetProperty("reason").GetString() == "SERVICE_DISABLED");
        Assert.Equal(0, await SpentAsync(emulator, "k"));
    }

    [Fact]
    public async Task A_forbidden_fault_is_a_charged_request_level_403()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Keys"] = "k:1000" });
        await emulator.AddFaultAsync(new { kind = "forbidden" });

        var reply = await emulator.SearchAsync("k", Search);

        const string message = "Access forbidden. The request may not be properly authorized.";
        var expected = JsonSerializer.Serialize(new
        {
            error = new { code = 403, message, errors = new[] { new { message, domain = "global", reason = "forbidden" } } },
        });
        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, reply.Json), reply.Body);
        Assert.Equal(100, await SpentAsync(emulator, "k"));
    }

    [Fact]
    public async Task A_key_expired_fault_is_googles_400_and_is_not_charged()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Keys"] = "k:1000" });
        await emulator.AddFaultAsync(new { kind = "key-expired" });

        var reply = await emulator.SearchAsync("k", Search);

        const string message = "API key expired. Please renew the API key.";
        var expected = JsonSerializer.Serialize(new
        {
            error = new
            {
                code = 400,
                message,
                errors = new[] { new { message, domain = "global", reason = "badRequest" } },
                status = "INVALID_ARGUMENT",
                details = new[]
                {
                    new
                    {
                        type = "type.googleapis.com/google.rpc.ErrorInfo",
                        reason = "API_KEY_EXPIRED",
                        domain = "googleapis.com",
                        metadata = new { service = "youtube.googleapis.com" },
                    },
                },
            },
        }).Replace("\"type\":", "\"@type\":", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, reply.Json), reply.Body);
        Assert.Equal(0, await SpentAsync(emulator, "k"));
    }

    [Fact]
    public async Task A_quota_exceeded_fault_leaves_the_ledger_alone()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Keys"] = "k:1000" });
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("k", Search)).Status);
        await emulator.AddFaultAsync(new { kind = "quota-exceeded" });

        var reply = await emulator.SearchAsync("k", Search);

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("quotaExceeded", reply.Reason);
        Assert.Equal("youtube.quota", reply.Error.GetProperty("errors")[0].GetProperty("domain").GetString());
        Assert.Equal(100, await SpentAsync(emulator, "k"));
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("k", Search)).Status);
    }

    [Fact]
    public async Task Faults_can_be_limited_to_a_key_fingerprint_or_a_project()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Projects:main"] = "a,b", ["Projects:side"] = "c" });
        await emulator.AddFaultAsync(new { kind = "status", status = 500, keyFingerprint = KeyFingerprint.Of("b") });
        await emulator.AddFaultAsync(new { kind = "status", status = 502, project = "side" });
        await emulator.AddFaultAsync(new { kind = "status", status = 504, key = "a-secret-key" });
        var shown = (await emulator.GetJsonAsync("admin/faults")).GetRawText();
        Assert.DoesNotContain("a-secret-key", shown, StringComparison.Ordinal);
        Assert.Contains(KeyFingerprint.Of("a-secret-key"), shown, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.GatewayTimeout, (await emulator.SearchAsync("a-secret-key", Search)).Status);

        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("a", Search)).Status);
        Assert.Equal(HttpStatusCode.BadGateway, (await emulator.SearchAsync("c", Search)).Status);
        Assert.Equal(HttpStatusCode.InternalServerError, (await emulator.SearchAsync("b", Search)).Status);
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("b", Search)).Status);
        var pending = await emulator.GetJsonAsync("admin/faults");
        Assert.Equal(0, pending.GetArrayLength());
    }

    [Fact]
    public async Task In_the_youtube_profile_a_share_of_calls_fail_with_backendError_or_a_rate_limit()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profiles.QuietYouTube(17)
            .With("ErrorShare", "0.15")
            .With("RateLimitShare", "0.15")
            .With("Keys", "k:1000000"));

        var statuses = new List<(HttpStatusCode Status, string? Reason, TimeSpan? RetryAfter)>();
        for (var call = 0; call < 300; call++)
        {
            using var response = await SendAsync(emulator, "k");
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var reason = response.IsSuccessStatusCode ? null : JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString();
            statuses.Add((response.StatusCode, reason, response.Headers.RetryAfter?.Delta));
        }

        var backend = statuses.Count(status => status.Status == HttpStatusCode.ServiceUnavailable && status.Reason == "backendError");
        var forbidden = statuses.Count(status => status.Status == HttpStatusCode.Forbidden && status.Reason == "rateLimitExceeded");
        var tooMany = statuses.Where(status => status.Status == HttpStatusCode.TooManyRequests).ToArray();
        Assert.InRange(backend, 20, 70);
        Assert.InRange(forbidden + tooMany.Length, 25, 75);
        Assert.True(forbidden > 5 && tooMany.Length > 5, $"{forbidden} 403s, {tooMany.Length} 429s");
        Assert.All(tooMany, status => Assert.InRange(status.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)));
        Assert.All(statuses.Where(status => status.Status == HttpStatusCode.Forbidden), status => Assert.Null(status.RetryAfter));
        // Rate-limit refusals are free; backend errors are charged like answered calls.
        Assert.Equal(100 * (300 - forbidden - tooMany.Length), await SpentAsync(emulator, "k"));
    }

    private static async Task<HttpResponseMessage> SendAsync(RunningEmulator emulator, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, RunningEmulator.SearchPath + "?" + Search);
        request.Headers.Add("X-Goog-Api-Key", key);
        return await emulator.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<int> SpentAsync(RunningEmulator emulator, string key) =>
        (await emulator.GetJsonAsync("admin/keys")).EnumerateArray()
            .Single(status => status.GetProperty("fingerprint").GetString() == KeyFingerprint.Of(key))
            .GetProperty("spentUnits").GetInt32();
}
