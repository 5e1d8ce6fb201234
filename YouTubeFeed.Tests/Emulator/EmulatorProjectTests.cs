using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using YouTubeFeed.YouTubeEmulator.Quota;

namespace YouTubeFeed.Tests.Emulator;

/// <summary>Quota belongs to a Google Cloud project: its keys share one bucket of 10,000 units, 100 searches a day.</summary>
public sealed class EmulatorProjectTests
{
    private const string Search = "part=snippet&type=video&order=date&q=football&maxResults=50";

    [Fact]
    public async Task Two_keys_of_one_project_share_100_calls_a_day_and_another_project_is_unaffected()
    {
        // 23:00 in Los Angeles (PDT) on 10 June.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 11, 6, 0, 0, TimeSpan.Zero));
        await using var emulator = await RunningEmulator.StartAsync(
            new Dictionary<string, string?> { ["Projects:main"] = "k1,k2", ["Projects:other"] = "k3" },
            time);

        for (var call = 0; call < 100; call++)
        {
            Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync(call % 2 == 0 ? "k1" : "k2", Search)).Status);
        }

        Assert.Equal("quotaExceeded", (await emulator.SearchAsync("k1", Search)).Reason);
        Assert.Equal("quotaExceeded", (await emulator.SearchAsync("k2", Search)).Reason);
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("k3", Search)).Status);
        var main = await ProjectAsync(emulator, "main");
        Assert.Equal(10_000, main.GetProperty("spentUnits").GetInt32());
        Assert.Equal(10_000, main.GetProperty("dailyUnits").GetInt32());

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("quotaExceeded", (await emulator.SearchAsync("k2", Search)).Reason);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("k2", Search)).Status);
        Assert.Equal(100, (await ProjectAsync(emulator, "main")).GetProperty("spentUnits").GetInt32());
    }

    [Fact]
    public async Task Invalid_parameters_are_charged_and_refusals_of_the_key_or_project_are_not()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Projects:main"] = "good,bad",
            ["Projects:off"] = "off-key",
            ["Keys"] = "bad:invalid",
            ["DisabledProjects"] = "off",
        });
        (await emulator.SendJsonAsync(HttpMethod.Put, "admin/keys/old", new { expired = true })).Dispose();

        Assert.Equal("invalidParameter", (await emulator.SearchAsync("good", "part=snippet&q=football&maxResults=500")).Reason);
        Assert.Equal("invalidPageToken", (await emulator.SearchAsync("good", "part=snippet&q=football&pageToken=nope")).Reason);
        Assert.Equal(HttpStatusCode.BadRequest, (await emulator.SearchAsync("bad", Search)).Status);
        Assert.Equal("accessNotConfigured", (await emulator.SearchAsync("off-key", Search)).Reason);
        var expired = await emulator.SearchAsync("old", Search);

        Assert.Equal(HttpStatusCode.BadRequest, expired.Status);
        Assert.Equal("API key expired. Please renew the API key.", expired.Error.GetProperty("message").GetString());
        Assert.Equal("API_KEY_EXPIRED", expired.Error.GetProperty("details")[0].GetProperty("reason").GetString());
        Assert.Equal(200, (await ProjectAsync(emulator, "main")).GetProperty("spentUnits").GetInt32());
        Assert.Equal(0, (await ProjectAsync(emulator, "off")).GetProperty("spentUnits").GetInt32());
        Assert.Equal(0, (await ProjectAsync(emulator, KeyFingerprint.Of("old"))).GetProperty("spentUnits").GetInt32());
    }

    [Fact]
    public async Task A_disabled_project_answers_accessNotConfigured_until_its_enableAt()
    {
        var now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(now);
        await using var emulator = await RunningEmulator.StartAsync(
            new Dictionary<string, string?> { ["Projects:later"] = "late-key", ["DisabledProjects"] = "later" },
            time);

        var refused = await emulator.SearchAsync("late-key", Search);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        var error = refused.Error;
        Assert.Equal(403, error.GetProperty("code").GetInt32());
        Assert.Equal("PERMISSION_DENIED", error.GetProperty("status").GetString());
        Assert.StartsWith("YouTube Data API v3 has not been used in project ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var item = error.GetProperty("errors")[0];
        Assert.Equal("accessNotConfigured", item.GetProperty("reason").GetString());
        Assert.Equal("usageLimits", item.GetProperty("domain").GetString());
        Assert.Equal(error.GetProperty("message").GetString(), item.GetProperty("message").GetString());
        var info = error.GetProperty("details").EnumerateArray().Single(detail => detail.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo");
        Assert.Equal("SERVICE_DISABLED", info.GetProperty("reason").GetString());
        Assert.Equal("googleapis.com", info.GetProperty("domain").GetString());
        Assert.Equal("youtube.googleapis.com", info.GetProperty("metadata").GetProperty("service").GetString());
        Assert.StartsWith("projects/", info.GetProperty("metadata").GetProperty("consumer").GetString(), StringComparison.Ordinal);

        using (var schedule = await emulator.SendJsonAsync(HttpMethod.Put, "admin/projects/later", new { enableAt = now.AddHours(1) }))
        {
            Assert.Equal(HttpStatusCode.OK, schedule.StatusCode);
        }

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("accessNotConfigured", (await emulator.SearchAsync("late-key", Search)).Reason);
        Assert.False((await ProjectAsync(emulator, "later")).GetProperty("apiEnabled").GetBoolean());
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("late-key", Search)).Status);
        var project = await ProjectAsync(emulator, "later");
        Assert.True(project.GetProperty("apiEnabled").GetBoolean());
        Assert.Equal(100, project.GetProperty("spentUnits").GetInt32());
    }

    [Fact]
    public async Task Projects_are_managed_through_the_admin_api_which_never_shows_a_key()
    {
        const string secret = "project-key-very-secret-0123456789";
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Keys"] = "solo:300", ["DailyUnitsPerProject"] = "500" });

        using (var put = await emulator.SendJsonAsync(HttpMethod.Put, "admin/projects/team", new { keys = new[] { secret, "solo" }, dailyUnits = 200 }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync(secret, Search)).Status);
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("solo", Search)).Status);
        Assert.Equal("quotaExceeded", (await emulator.SearchAsync(secret, Search)).Reason);
        (await emulator.SendJsonAsync(HttpMethod.Put, "admin/projects/team", new { apiEnabled = false })).Dispose();
        Assert.Equal("accessNotConfigured", (await emulator.SearchAsync("solo", Search)).Reason);

        using var projectsResponse = await emulator.Client.GetAsync("admin/projects", TestContext.Current.CancellationToken);
        var projects = await projectsResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var team = JsonDocument.Parse(projects).RootElement.EnumerateArray().Single(project => project.GetProperty("name").GetString() == "team");
        Assert.Equal(new[] { KeyFingerprint.Of(secret), KeyFingerprint.Of("solo") }.Order(), team.GetProperty("keyFingerprints").EnumerateArray().Select(fp => fp.GetString()!).Order());
        Assert.Equal(200, team.GetProperty("dailyUnits").GetInt32());
        Assert.Equal(200, team.GetProperty("spentUnits").GetInt32());
        Assert.False(team.GetProperty("apiEnabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, team.GetProperty("enableAt").ValueKind);
        // solo's own project went away with its only key.
        Assert.Single(JsonDocument.Parse(projects).RootElement.EnumerateArray());
        Assert.DoesNotContain(secret, projects, StringComparison.Ordinal);
        var keys = (await emulator.GetJsonAsync("admin/keys")).EnumerateArray().ToArray();
        Assert.All(keys, key => Assert.Equal("team", key.GetProperty("project").GetString()));
        Assert.DoesNotContain(emulator.Logs.Entries, entry => entry.Contains(secret, StringComparison.Ordinal));

        using (var reset = await emulator.SendJsonAsync(HttpMethod.Post, "admin/quota/reset"))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        Assert.Equal(0, (await ProjectAsync(emulator, "team")).GetProperty("spentUnits").GetInt32());
    }

    [Fact]
    public async Task A_key_outside_any_project_is_its_own_project_with_its_configured_units()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Keys"] = "small:200",
            ["DailyUnitsPerProject"] = "300",
            ["Projects:shared"] = "a",
        });

        await emulator.SearchAsync("stranger", Search);
        var projects = (await emulator.GetJsonAsync("admin/projects")).EnumerateArray().ToDictionary(project => project.GetProperty("name").GetString()!);

        Assert.Equal(200, projects[KeyFingerprint.Of("small")].GetProperty("dailyUnits").GetInt32());
        Assert.Equal([KeyFingerprint.Of("small")], projects[KeyFingerprint.Of("small")].GetProperty("keyFingerprints").EnumerateArray().Select(fp => fp.GetString()));
        Assert.Equal(300, projects[KeyFingerprint.Of("stranger")].GetProperty("dailyUnits").GetInt32());
        Assert.Equal(300, projects["shared"].GetProperty("dailyUnits").GetInt32());
        Assert.Equal(KeyFingerprint.Of("stranger"), (await emulator.GetJsonAsync("admin/calls"))[0].GetProperty("project").GetString());
    }

    [Fact]
    public async Task DailyUnitsPerKey_still_sets_the_units_of_one_key_projects()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["DailyUnitsPerKey"] = "100000000",
            ["Projects:shared"] = "a",
        });

        await emulator.SearchAsync("emulator-key", Search);
        var projects = (await emulator.GetJsonAsync("admin/projects")).EnumerateArray().ToDictionary(project => project.GetProperty("name").GetString()!);

        Assert.Equal(100_000_000, projects[KeyFingerprint.Of("emulator-key")].GetProperty("dailyUnits").GetInt32());
        Assert.Equal(10_000, projects["shared"].GetProperty("dailyUnits").GetInt32());
    }

    private static async Task<JsonElement> ProjectAsync(RunningEmulator emulator, string name) =>
        (await emulator.GetJsonAsync("admin/projects")).EnumerateArray().Single(project => project.GetProperty("name").GetString() == name);
}
