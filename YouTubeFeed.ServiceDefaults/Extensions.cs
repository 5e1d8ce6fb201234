using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every YouTubeFeed service shares: telemetry, health checks, service discovery and HTTP resilience
/// (the Aspire service-defaults template, plus YouTubeFeed's own source and meter). MySqlConnector's are added by
/// <c>AddMySqlDbContext</c> in YouTubeFeed.Data, so that its <c>DisableTracing</c> / <c>DisableMetrics</c> settings decide.
/// </summary>
public static class Extensions
{
    /// <summary>Tag of the health checks that say only "the process runs" (served at <c>/alive</c>).</summary>
    public const string LiveTag = "live";

    /// <summary>Tag of the health checks that say "ready to serve" (served at <c>/health</c>).</summary>
    public const string ReadyTag = "ready";

    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetryNames.Meter))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TelemetryNames.ActivitySource)
                .AddAspNetCoreInstrumentation(options =>
                    // Probes every few seconds would drown the traces people look for.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthPath)
                        && !context.Request.Path.StartsWithSegments(AlivePath))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/alive</c> (liveness: checks tagged <see cref="LiveTag"/>). A service that maps <c>/health</c>
    /// itself (the Api keeps the original project's body) passes <paramref name="mapHealth"/> = false.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool mapHealth = true)
    {
        if (mapHealth)
        {
            app.MapHealthChecks(HealthPath);
        }

        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
        });
        return app;
    }
}
