using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using YouTubeFeed.YouTubeEmulator.Quota;

namespace YouTubeFeed.Tests.Emulator;

public sealed class EmulatorQuotaTests
{
    private const string Search = "part=snippet&type=video&order=date&q=football&maxResults=50";

    [Fact]
    public async Task A_call_without_a_key_is_forbidden()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var reply = await emulator.SearchAsync(null, Search);

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("The request is missing a valid API key.", reply.Error.GetProperty("message").GetString());
        Assert.Equal("forbidden", reply.Reason);
        Assert.Equal("PERMISSION_DENIED", reply.Error.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_key_is_also_accepted_in_the_query_string()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Keys"] = "qk:1000" });

        var reply = await emulator.SearchAsync(null, Search + "&key=qk");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var key = Assert.Single((await emulator.GetJsonAsync("admin/keys")).EnumerateArray());
        Assert.Equal(100, key.GetProperty("spentUnits").GetInt32());
    }

    [Fact]
    public async Task An_exhausted_key_gets_googles_quota_body_and_is_charged_no_further()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Keys"] = "small:300",
            ["UnitsPerCall"] = "100",
        });

        for (var call = 0; call < 3; call++)
        {
            Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("small", Search)).Status);
        }

        var exceeded = await emulator.SearchAsync("small", Search);
        var again = await emulator.SearchAsync("small", Search);

        Assert.Equal(HttpStatusCode.Forbidden, exceeded.Status);
        const string message = "The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.";
        var expected = JsonSerializer.Serialize(new
        {
            error = new
            {
                code = 403,
                message,
                errors = new[] { new { message, domain = "youtube.quota", reason = "quotaExceeded" } },
            },
        });
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, exceeded.Json), exceeded.Body);
        Assert.Equal(HttpStatusCode.Forbidden, again.Status);
        Assert.Equal(300, await SpentAsync(emulator, "small"));
    }

    [Fact]
    public async Task Failed_calls_are_charged_like_google_charges_them()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Keys"] = "k:1000" });
        await emulator.AddFaultAsync(new { kind = "status", status = 500 });

        Assert.Equal(HttpStatusCode.BadRequest, (await emulator.SearchAsync("k", "part=nope")).Status);
        Assert.Equal(HttpStatusCode.InternalServerError, (await emulator.SearchAsync("k", Search)).Status);

        Assert.Equal(200, await SpentAsync(emulator, "k"));
    }

    [Fact]
    public async Task An_invalid_key_gets_API_KEY_INVALID_and_is_not_charged()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Keys"] = "good:1000,bad:invalid" });

        var reply = await emulator.SearchAsync("bad", Search);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("API key not valid. Please pass a valid API key.", reply.Error.GetProperty("message").GetString());
        Assert.Equal("badRequest", reply.Reason);
        Assert.Equal("INVALID_ARGUMENT", reply.Error.GetProperty("status").GetString());
        var detail = reply.Error.GetProperty("details")[0];
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", detail.GetProperty("@type").GetString());
        Assert.Equal("API_KEY_INVALID", detail.GetProperty("reason").GetString());
        Assert.Equal("googleapis.com", detail.GetProperty("domain").GetString());
        Assert.Equal("youtube.googleapis.com", detail.GetProperty("metadata").GetProperty("service").GetString());
        Assert.Equal(0, await SpentAsync(emulator, "bad"));
    }

    [Fact]
    public async Task Unknown_keys_are_accepted_with_the_default_units_unless_rejected()
    {
        await using var lenient = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["DailyUnitsPerKey"] = "250" });
        await using var strict = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["RejectUnknownKeys"] = "true" });

        Assert.Equal(HttpStatusCode.OK, (await lenient.SearchAsync("anything", Search)).Status);
        Assert.Equal(HttpStatusCode.OK, (await lenient.SearchAsync("anything", Search)).Status);
        Assert.Equal("quotaExceeded", (await lenient.SearchAsync("anything", Search)).Reason);
        var rejected = await strict.SearchAsync("anything", Search);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.Status);
        Assert.Equal("API_KEY_INVALID", rejected.Error.GetProperty("details")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Spent_units_reset_at_midnight_pacific_time()
    {
        // 23:58 in Los Angeles (PST, UTC-8) on 14 January.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 7, 58, 0, TimeSpan.Zero));
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Keys"] = "k:100" }, time);

        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("k", Search)).Status);
        Assert.Equal("quotaExceeded", (await emulator.SearchAsync("k", Search)).Reason);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("quotaExceeded", (await emulator.SearchAsync("k", Search)).Reason);
        time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("k", Search)).Status);
        Assert.Equal(100, await SpentAsync(emulator, "k"));
    }

    [Fact]
    public async Task Midnight_pacific_follows_daylight_saving_time()
    {
        // 23:59 in Los Angeles (PDT, UTC-7) on 1 July.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 2, 6, 59, 0, TimeSpan.Zero));
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Keys"] = "k:100" }, time);

        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("k", Search)).Status);
        time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("k", Search)).Status);
    }

    [Fact]
    public async Task Admin_quota_reset_and_key_updates_take_effect_at_once()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Keys"] = "k:100" });
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("k", Search)).Status);
        Assert.Equal("quotaExceeded", (await emulator.SearchAsync("k", Search)).Reason);

        using (var reset = await emulator.SendJsonAsync(HttpMethod.Post, "admin/quota/reset"))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("k", Search)).Status);

        using (var raise = await emulator.SendJsonAsync(HttpMethod.Put, "admin/keys/k", new { dailyUnits = 1000 }))
        {
            Assert.Equal(HttpStatusCode.OK, raise.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("k", Search)).Status);

        using (var invalidate = await emulator.SendJsonAsync(HttpMethod.Put, "admin/keys/k", new { invalid = true }))
        {
            Assert.Equal(HttpStatusCode.OK, invalidate.StatusCode);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await emulator.SearchAsync("k", Search)).Status);
        var key = Assert.Single((await emulator.GetJsonAsync("admin/keys")).EnumerateArray());
        Assert.Equal(KeyFingerprint.Of("k"), key.GetProperty("fingerprint").GetString());
        Assert.Equal(1000, key.GetProperty("dailyUnits").GetInt32());
        Assert.Equal(200, key.GetProperty("spentUnits").GetInt32());
        Assert.True(key.GetProperty("invalid").GetBoolean());
    }

    [Fact]
    public async Task A_key_never_shows_in_admin_output_or_in_logs()
    {
        const string secret = "fake-google-key-very-secret-0123456789";
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Keys"] = secret + ":1000" });
        await emulator.PublishAsync(new { query = "football", count = 3 });

        await emulator.SearchAsync(secret, Search);
        await emulator.SearchAsync(null, Search + "&key=" + secret);
        (await emulator.SendJsonAsync(HttpMethod.Put, "admin/keys/" + secret, new { dailyUnits = 2000 })).Dispose();
        (await emulator.SendJsonAsync(HttpMethod.Put, "admin/keys/" + secret + "2", new { invalid = true })).Dispose();
        await emulator.SearchAsync(secret + "2", Search);

        using var callsResponse = await emulator.Client.GetAsync("admin/calls", TestContext.Current.CancellationToken);
        var calls = await callsResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var keysResponse = await emulator.Client.GetAsync("admin/keys", TestContext.Current.CancellationToken);
        var keys = await keysResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain(secret, calls, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, keys, StringComparison.Ordinal);
        Assert.Contains(KeyFingerprint.Of(secret), calls, StringComparison.Ordinal);
        Assert.Contains(KeyFingerprint.Of(secret), keys, StringComparison.Ordinal);
        Assert.NotEmpty(emulator.Logs.Entries);
        Assert.Contains(emulator.Logs.Entries, entry => entry.Contains(KeyFingerprint.Of(secret), StringComparison.Ordinal));
        Assert.DoesNotContain(emulator.Logs.Entries, entry => entry.Contains(secret, StringComparison.Ordinal));
    }

    private static async Task<int> SpentAsync(RunningEmulator emulator, string key)
    {
        var keys = await emulator.GetJsonAsync("admin/keys");
        return keys.EnumerateArray()
            .Single(status => status.GetProperty("fingerprint").GetString() == KeyFingerprint.Of(key))
            .GetProperty("spentUnits").GetInt32();
    }
}
