using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.Search;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Worker.Ingestion;

public static class IngestionRegistration
{
    /// <summary>
    /// The ingestion services. <paramref name="runOnTimer"/> false leaves out the background loops (fetching and
    /// <see cref="SearchIndexWorker"/>), for tests that drive <see cref="IngestionRunner"/> themselves.
    /// </summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder, bool runOnTimer = true)
    {
        builder.Services.AddOptions<YouTubeOptions>()
            .BindConfiguration(YouTubeOptions.Section)
            .PostConfigure<Microsoft.Extensions.Configuration.IConfiguration>((options, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(options.ApiKeys))
                {
                    options.ApiKeys = configuration[YouTubeOptions.LegacyKeysVariable];
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: the one way to take the standard handler off this client.
        builder.Services.AddHttpClient<YouTubeClient>((services, http) =>
            {
                http.BaseAddress = services.GetRequiredService<IOptions<YouTubeOptions>>().Value.BaseUrl;
                http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline below times each attempt
            })
            // Not the standard handler: it retries 429s, and a retry there would spend quota for nothing.
            .RemoveAllResilienceHandlers()
            .AddResilienceHandler("youtube", (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<YouTubeOptions>>().Value;
                pipeline
                    .AddTimeout(settings.RequestTimeout * 3 + TimeSpan.FromSeconds(2))
                    .AddRetry(new Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions
                    {
                        // Only what failed in YouTube or on the way: 5xx, 408, timeouts and broken connections.
                        ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                        {
                            { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
                            { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == System.Net.HttpStatusCode.RequestTimeout,
                            _ => false,
                        }),
                        MaxRetryAttempts = 2,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(200),
                        ShouldRetryAfterHeader = false,
                    })
                    .AddTimeout(settings.RequestTimeout);
            });
#pragma warning restore EXTEXP0001

        builder.Services.AddSingleton<KeyStateStore>();
        builder.Services.AddSingleton<ApiKeyPool>();
        builder.Services.AddSingleton<IngestionStatus>();
        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton<FetchLease>();
        builder.Services.AddSingleton<WatermarkStore>();
        builder.Services.AddSingleton<QuotaPacer>();
        builder.Services.AddSingleton<FetchCycle>();
        builder.Services.AddSingleton<IngestionRunner>();
        builder.Services.AddHealthChecks().AddCheck<IngestionHealthCheck>("ingestion", tags: [Extensions.ReadyTag]);
        if (runOnTimer)
        {
            builder.Services.AddSingleton<IngestionWorker>();
            builder.Services.AddHostedService(services => services.GetRequiredService<IngestionWorker>());
            builder.Services.AddSingleton<SearchIndexWorker>();
            builder.Services.AddHostedService(services => services.GetRequiredService<SearchIndexWorker>());
            builder.Services.AddHealthChecks().AddCheck<SearchIndexHealthCheck>("search-index", tags: [Extensions.ReadyTag]);
        }

        return builder;
    }
}
