using System.Text.Encodings.Web;
using Microsoft.Extensions.DependencyInjection.Extensions;
using YouTubeFeed.YouTubeEmulator.Calls;
using YouTubeFeed.YouTubeEmulator.Catalog;
using YouTubeFeed.YouTubeEmulator.Faults;
using YouTubeFeed.YouTubeEmulator.Quota;
using YouTubeFeed.YouTubeEmulator.Realism;
using YouTubeFeed.YouTubeEmulator.Search;
using YouTubeFeed.YouTubeEmulator.Videos;

namespace YouTubeFeed.YouTubeEmulator;

internal static class EmulatorServices
{
    public static IServiceCollection AddEmulator(this IServiceCollection services)
    {
        services.AddOptions<EmulatorOptions>()
            .BindConfiguration(EmulatorOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Tests replace it with a fake clock; TryAdd keeps a registration made before this one.
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<Chance>();
        services.AddSingleton<Behaviour>();
        services.AddSingleton<IndexingDelay>();
        services.AddSingleton<VideoIdGenerator>();
        services.AddSingleton<ChannelRoster>();
        services.AddSingleton<VideoDetailsGenerator>();
        services.AddSingleton<VideoFactory>();
        services.AddSingleton<VideoCatalog>();
        services.AddSingleton<QuotaClock>();
        services.AddSingleton<ProjectRegistry>();
        services.AddSingleton<FaultQueue>();
        services.AddSingleton<Latency>();
        services.AddSingleton<CallLog>();
        services.AddSingleton<ResultList>();
        services.AddSingleton<PagePlanner>();
        services.AddSingleton<CallGate>();
        services.AddSingleton<SearchHandler>();
        services.AddSingleton<VideosHandler>();
        services.AddHostedService<SteadyStreamPublisher>();

        // Google writes `&amp;` and `—` literally; the default encoder would turn them into \u0026 and \u2014.
        services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        return services;
    }
}
