using Microsoft.Extensions.Hosting;
using YouTubeFeed.AppHost.Configuration;

namespace YouTubeFeed.AppHost.YouTube;

/// <summary>
/// Points the Worker at YouTube when API keys are configured (under any of their names, or as projects), else at
/// the YouTube emulator, which then runs as a resource of its own. Keys are secret parameters: masked on the
/// dashboard, never logged.
/// </summary>
internal static class YouTubeSource
{
    public const string EmulatorResourceName = "youtube-emulator";

    /// <summary>The key the Worker uses against the emulator (the emulator accepts any key).</summary>
    private const string EmulatorKey = "emulator-key";

    /// <summary>
    /// The emulator's daily quota per project unless given, and the Worker's belief about it: large enough that
    /// pacing keeps the fetch interval, so that a local run shows new videos as they come. The README says how to
    /// set a realistic one.
    /// </summary>
    public const string EmulatorDailyUnits = "100000000";

    private const string GoogleBaseUrl = "https://www.googleapis.com/youtube/v3/";

    /// <summary>The Worker's <c>YouTube:*</c> and <c>Worker:*</c> settings, its keys, and where it calls.</summary>
    public static IResourceBuilder<ProjectResource> WithYouTube(this IResourceBuilder<ProjectResource> worker, IDistributedApplicationBuilder builder, SecretParameters secrets)
    {
        var configuration = builder.Configuration;
        worker.WithServiceSettings(configuration);
        foreach (var (project, keys) in secrets.YouTubeProjects)
        {
            worker.WithEnvironment(ServiceSettings.ToEnvironmentName($"{SecretSettings.Projects}:{project}"), keys);
        }

        if (secrets.HasYouTubeKeys)
        {
            Console.WriteLine("YouTube: real API (keys from configuration; they are never printed).");
            return worker.WithSecret(SecretSettings.ApiKeys, secrets.YouTubeApiKeys).WithDefaultSetting(configuration, "YouTube:BaseUrl", GoogleBaseUrl);
        }

        Console.WriteLine("YouTube: emulator (no API key configured; set one with `dotnet user-secrets set Parameters:youtube-api-keys KEY` or YouTube__ApiKeys).");
        var emulator = builder.AddProject<Projects.YouTubeFeed_YouTubeEmulator>(EmulatorResourceName)
            .WithHttpHealthCheck("/health")
            .WithServiceSettings(configuration)
            .WithDefaultSetting(configuration, "Emulator:DailyUnitsPerProject", EmulatorDailyUnits)
            .WithDefaultSetting(configuration, "Emulator:Queries", configuration["YouTube:Query"] ?? "football");

        // Set after the forwarded settings, so that they win over a YouTube:BaseUrl given for the real API.
        return worker
            .WithDefaultSetting(configuration, "YouTube:DailyQuotaUnits",
                configuration["Emulator:DailyUnitsPerKey"] ?? configuration["Emulator:DailyUnitsPerProject"] ?? EmulatorDailyUnits)
            .WithEnvironment(ServiceSettings.ToEnvironmentName(SecretSettings.ApiKeys), EmulatorKey)
            .WithEnvironment("YouTube__BaseUrl", ReferenceExpression.Create($"{emulator.GetEndpoint("http")}/youtube/v3/"))
            .WaitFor(emulator);
    }
}
