using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace YouTubeFeed.Worker.Enrichment;

public static class EnrichmentRegistration
{
    /// <summary>
    /// videos.list enrichment, gone videos and the retention (<see cref="EnrichmentRunner"/>), with its loop unless
    /// <paramref name="loop"/> is false (tests run rounds themselves). Needs <c>AddYouTubeClient</c> and <c>AddKeyPool</c>.
    /// </summary>
    public static IHostApplicationBuilder AddEnrichment(this IHostApplicationBuilder builder, bool loop = true)
    {
        builder.Services.AddOptions<EnrichmentOptions>()
            .BindConfiguration(EnrichmentOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GeneralQuotaLedger>();
        builder.Services.AddSingleton<EnrichmentMetrics>();
        builder.Services.AddSingleton<EnrichmentRunner>();
        if (loop)
        {
            builder.Services.AddHostedService<EnrichmentWorker>();
        }

        return builder;
    }
}
