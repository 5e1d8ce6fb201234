using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace YouTubeFeed.Api.Legacy;

/// <summary>What <c>/health</c> answers: the names of the dependencies that fail, and when that was found.</summary>
public sealed record Readiness(IReadOnlyList<string> Failing, DateTimeOffset CheckedAt);

/// <summary>
/// Readiness as <c>/health</c> tells it: the ready-tagged health checks (the database, Redis), run at most once per
/// <see cref="MaxAge"/> however many ask, and one run at a time (the others wait for it and share its answer). So a flood
/// of probes costs the database about one query a second. Details stay inside: each failure, with its reason, is logged
/// when it starts and ends, and each run is a trace (<c>readiness check</c>).
/// </summary>
public sealed partial class CachedReadiness(HealthCheckService health, TimeProvider time, ILogger<CachedReadiness> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private static readonly ActivitySource Activity = new(TelemetryNames.ActivitySource);

    private readonly Lock gate = new();
    private Readiness? last;
    private Task<Readiness>? running;

    public Task<Readiness> GetAsync()
    {
        lock (gate)
        {
            if (last is not null && time.GetUtcNow() - last.CheckedAt < MaxAge)
            {
                return Task.FromResult(last);
            }

            return running ??= RunAsync();
        }
    }

    private async Task<Readiness> RunAsync()
    {
        await Task.Yield(); // out of the lock; the run belongs to no one request
        try
        {
            using var activity = Activity.StartActivity("readiness check");
            var report = await health.CheckHealthAsync(check => check.Tags.Contains(Extensions.ReadyTag), CancellationToken.None);
            var failing = report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
            activity?.SetTag("youtubefeed.health.status", report.Status.ToString());
            activity?.SetTag("youtubefeed.health.failing", string.Join(",", failing));
            Report(report, failing);
            var readiness = new Readiness(failing, time.GetUtcNow());
            lock (gate)
            {
                last = readiness;
            }

            return readiness;
        }
        finally
        {
            lock (gate)
            {
                running = null;
            }
        }
    }

    private void Report(HealthReport report, List<string> failing)
    {
        var before = last?.Failing ?? [];
        foreach (var name in failing.Except(before))
        {
            var entry = report.Entries[name];
            LogFailing(logger, name, entry.Description ?? "", entry.Exception?.Message ?? "");
        }

        foreach (var name in before.Except(failing))
        {
            LogRecovered(logger, name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not ready: {Dependency} fails: {Description} {Reason}")]
    private static partial void LogFailing(ILogger logger, string dependency, string description, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ready again: {Dependency} answers")]
    private static partial void LogRecovered(ILogger logger, string dependency);
}
