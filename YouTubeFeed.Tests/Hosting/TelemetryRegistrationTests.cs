using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using YouTubeFeed.Data;

namespace YouTubeFeed.Tests.Hosting;

/// <summary>
/// MySqlConnector's traces and metrics are registered by <c>AddMySqlDbContext</c>, not by the service defaults, so
/// that its <c>DisableTracing</c> / <c>DisableMetrics</c> settings turn them off.
/// </summary>
public sealed class TelemetryRegistrationTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MySqlConnector_traces_and_metrics_follow_the_disable_settings(bool disableTracing, bool disableMetrics)
    {
        var activities = new RecordingProcessor();
        var metrics = new RecordingExporter();
        using var reader = new BaseExportingMetricReader(metrics);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:youtubedb"] = "Server=127.0.0.1;Port=9;User ID=nobody;Password=x;Database=nothing",
        });
        builder.AddServiceDefaults();
        builder.AddMySqlDbContext<YouTubeFeedDbContext>("youtubedb", settings =>
        {
            settings.DisableTracing = disableTracing;
            settings.DisableMetrics = disableMetrics;
        });
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(activities));
        builder.Services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddReader(reader));
        using var host = builder.Build();
        _ = host.Services.GetRequiredService<TracerProvider>();
        _ = host.Services.GetRequiredService<MeterProvider>();

        // Stand-ins named like MySqlConnector's own source and meter.
        var probe = $"probe-{Guid.NewGuid():N}";
        using (var source = new ActivitySource("MySqlConnector"))
        using (source.StartActivity(probe))
        {
        }

        using (var meter = new Meter("MySqlConnector"))
        {
            meter.CreateCounter<long>(probe).Add(1);
            reader.Collect();
        }

        Assert.Equal(!disableTracing, activities.Names.Contains(probe));
        Assert.Equal(!disableMetrics, metrics.Names.Contains(probe));
    }

    private sealed class RecordingProcessor : BaseProcessor<Activity>
    {
        public HashSet<string> Names { get; } = [];

        public override void OnEnd(Activity data)
        {
            lock (Names)
            {
                Names.Add(data.OperationName);
            }
        }
    }

    private sealed class RecordingExporter : BaseExporter<Metric>
    {
        public HashSet<string> Names { get; } = [];

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                Names.Add(metric.Name);
            }

            return ExportResult.Success;
        }
    }
}
