using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using YouTubeFeed.Worker.Coverage;
using YouTubeFeed.Worker.Planning;

namespace YouTubeFeed.Worker.Ingestion;

public static class IngestionRegistration
{
    /// <summary>
    /// Everything a tick needs (<see cref="IngestionRunner"/>: ledgers, planner, reader, lease, status), without the
    /// loop that runs it (<see cref="AddIngestionLoop"/>). Needs <c>AddYouTubeClient</c> and <c>AddKeyPool</c>.
    /// </summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<PlannerOptions>()
            .BindConfiguration(PlannerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LedgerStore>();
        builder.Services.AddSingleton<QuotaPlanner>();
        builder.Services.AddSingleton<IngestionStatus>();
        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton<FetchLease>();
        builder.Services.AddSingleton<SpanReader>();
        builder.Services.AddSingleton<IngestionRunner>();
        builder.Services.AddHealthChecks().AddCheck<IngestionHealthCheck>("ingestion", tags: [Extensions.ReadyTag]);
        return builder;
    }

    /// <summary>The loop that runs a tick every fetch interval (<see cref="IngestionWorker"/>).</summary>
    public static IHostApplicationBuilder AddIngestionLoop(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IngestionWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<IngestionWorker>());
        return builder;
    }
}
