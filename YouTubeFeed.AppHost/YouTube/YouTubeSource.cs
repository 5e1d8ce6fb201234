using Microsoft.Extensions.Configuration;

namespace YouTubeFeed.AppHost.YouTube;

/// <summary>
/// Points the Worker at YouTube when API keys are configured, else at the YouTube emulator, which then
/// runs as a resource of its own. Keys are a secret parameter: masked on the dashboard, never logged.
/// </summary>
internal static class YouTubeSource
{
    /// <summary>The key the Worker uses against the emulator (the emulator accepts any key).</summary>
    private const string EmulatorKey = "emulator-key";

    /// <summary>
    /// The emulator's daily quota per key, and the Worker's belief about it: large enough that pacing keeps
    /// the 10 s interval, so that a local run shows new videos as they come (set Emulator:DailyUnitsPerKey
    /// and YouTube:DailyQuotaUnits lower to watch pacing at work).
    /// </summary>
    private const string EmulatorDailyUnits = "100000000";

    public static IResourceBuilder<ProjectResource> WithYouTube(this IResourceBuilder<ProjectResource> worker, IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        foreach (var setting in new[] { "Query", "FetchInterval", "DailyQuotaUnits", "UnitsPerCall", "QuotaPacing" })
        {
            if (configuration[$"YouTube:{setting}"] is { Length: > 0 } value)
            {
                worker.WithEnvironment($"YouTube__{setting}", value);
            }
        }

        // The same names the Worker accepts: parameter, YouTube__ApiKeys, or the original YOUTUBE_API_KEYS.
        var keys = configuration["Parameters:youtube-api-keys"] ?? configuration["YouTube:ApiKeys"] ?? configuration["YOUTUBE_API_KEYS"];
        if (!string.IsNullOrWhiteSpace(keys))
        {
            var parameter = builder.AddParameter("youtube-api-keys", keys, publishValueAsDefault: false, secret: true);
            Console.WriteLine("YouTube: real API (keys from configuration; they are never printed).");
            return worker
                .WithEnvironment("YouTube__ApiKeys", parameter)
                .WithEnvironment("YouTube__BaseUrl", configuration["YouTube:BaseUrl"] ?? "https://www.googleapis.com/youtube/v3/");
        }

        Console.WriteLine("YouTube: emulator (no API key configured; set one with `dotnet user-secrets set Parameters:youtube-api-keys KEY` or YouTube__ApiKeys).");
        var emulator = builder.AddProject<Projects.YouTubeFeed_YouTubeEmulator>("youtube-emulator")
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Emulator__DailyUnitsPerKey", configuration["Emulator:DailyUnitsPerKey"] ?? EmulatorDailyUnits);
        if (configuration["YouTube:DailyQuotaUnits"] is not { Length: > 0 })
        {
            worker.WithEnvironment("YouTube__DailyQuotaUnits", configuration["Emulator:DailyUnitsPerKey"] ?? EmulatorDailyUnits);
        }

        foreach (var setting in configuration.GetSection("Emulator").GetChildren().Where(s => s.Key != "DailyUnitsPerKey"))
        {
            emulator.WithEnvironment($"Emulator__{setting.Key}", setting.Value);
        }

        if (configuration["YouTube:Query"] is { Length: > 0 } queries)
        {
            emulator.WithEnvironment("Emulator__Queries", queries);
        }

        return worker
            .WithEnvironment("YouTube__ApiKeys", EmulatorKey)
            .WithEnvironment("YouTube__BaseUrl", ReferenceExpression.Create($"{emulator.GetEndpoint("http")}/youtube/v3/"))
            .WaitFor(emulator);
    }
}
