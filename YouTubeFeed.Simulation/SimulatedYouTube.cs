using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using YouTubeFeed.Simulation.Scenarios;
using YouTubeFeed.YouTubeEmulator;

namespace YouTubeFeed.Simulation;

/// <summary>
/// The YouTube emulator in this process, on the simulation's clock, with the scenario's projects and YouTube's realistic
/// behaviour (odd pages, cut chains, random errors and rate limits), reached over real HTTP like YouTube.
/// </summary>
internal sealed class SimulatedYouTube : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient http;

    private SimulatedYouTube(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
        http = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public Uri ApiBase => new(BaseAddress, "youtube/v3/");

    public static async Task<SimulatedYouTube> StartAsync(Scenario scenario, TimeProvider clock, CancellationToken cancellationToken)
    {
        var app = EmulatorApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var settings = new Dictionary<string, string?>
            {
                ["Behaviour"] = "youtube",
                ["RandomSeed"] = scenario.Seed.ToString(CultureInfo.InvariantCulture),
                // The scenario gives each video its own listing delay.
                ["LateShare"] = "0",
                ["SeedVideosPerQuery"] = "0",
                ["PublishInterval"] = "00:00:00",
                ["Queries"] = string.Join(",", scenario.Queries.Select(q => q.Query)),
                ["UnitsPerCall"] = "100",
            };
            foreach (var project in scenario.Projects)
            {
                settings[$"Projects:{project.Name}"] = string.Join(",", project.KeyValues);
            }

            foreach (var (name, value) in settings)
            {
                builder.Configuration[$"Emulator:{name}"] = value;
            }

            builder.Services.AddSingleton(clock);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync(cancellationToken);
        var youtube = new SimulatedYouTube(app, new Uri(app.Urls.Single() + "/"));
        foreach (var project in scenario.Projects)
        {
            using var response = await youtube.http.PutAsJsonAsync(
                $"admin/projects/{project.Name}", new { dailyUnits = project.CallsPerDay * 100 }, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        return youtube;
    }

    /// <summary>Publishes the planned videos; returns them with the ids the emulator gave them.</summary>
    public async Task<IReadOnlyList<PublishedVideo>> PublishAsync(IReadOnlyList<PlannedVideo> plan, CancellationToken cancellationToken)
    {
        var published = new List<PublishedVideo>(plan.Count);
        foreach (var batch in plan.GroupBy(v => v.Query).SelectMany(g => g.Chunk(5000)))
        {
            var body = new
            {
                query = batch[0].Query,
                items = batch.Select(v => new
                {
                    publishedAt = v.PublishedAt,
                    indexDelay = v.IndexDelay.ToString("c", CultureInfo.InvariantCulture),
                }),
            };
            using var response = await http.PostAsJsonAsync("admin/videos", body, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            foreach (var video in document.RootElement.EnumerateArray())
            {
                published.Add(new PublishedVideo(
                    video.GetProperty("videoId").GetString()!,
                    batch[0].Query,
                    video.GetProperty("publishedAt").GetDateTimeOffset(),
                    video.GetProperty("listedAt").GetDateTimeOffset()));
            }
        }

        return published;
    }

    public async Task<IReadOnlyList<RecordedCall>> CallsAsync(CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync("admin/calls", cancellationToken));
        return document.RootElement.EnumerateArray().Select(call => new RecordedCall(
            call.GetProperty("at").GetDateTimeOffset(),
            Text(call, "project") ?? "",
            Text(call, "query") ?? "",
            call.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number ? status.GetInt32() : 0,
            Text(call, "reason"),
            call.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Number ? items.GetInt32() : 0,
            Text(call, "nextPageToken") is not null)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

public sealed record PublishedVideo(string VideoId, string Query, DateTimeOffset PublishedAt, DateTimeOffset ListedAt);

/// <param name="Reason">Google's reason for a refusal (null for a page).</param>
/// <param name="Items">Results on the page YouTube returned.</param>
/// <param name="HasNext">Whether the page came with a nextPageToken (more results followed it).</param>
public sealed record RecordedCall(DateTimeOffset At, string Project, string Query, int Status, string? Reason, int Items, bool HasNext = false)
{
    /// <summary>Refused before or by the quota system, so not charged (the emulator's and Google's rule).</summary>
    public bool IsRefused => Reason is "quotaExceeded" or "rateLimitExceeded" or "userRateLimitExceeded" or "accessNotConfigured"
        or "keyInvalid" or "API_KEY_INVALID" or "keyExpired" or "API_KEY_EXPIRED" or "RESOURCE_EXHAUSTED";

    public bool IsQuotaRefusal => Reason is "quotaExceeded";
}
