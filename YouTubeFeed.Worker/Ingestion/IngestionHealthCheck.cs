using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>
/// Reports what an operator must know about ingestion: degraded while no key can be used (and until when),
/// while pacing stretches the interval, or when no key is configured.
/// </summary>
internal sealed class IngestionHealthCheck(IngestionStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["fetcher"] = status.IsFetcher,
            ["usableKeys"] = status.UsableKeys,
            ["intervalSeconds"] = status.CurrentInterval.TotalSeconds,
        };
        if (status.LastCycleAt is { } last)
        {
            data["lastCycleAt"] = last.ToString("O", CultureInfo.InvariantCulture);
        }

        HealthCheckResult result;
        if (!status.HasKeys)
        {
            result = HealthCheckResult.Degraded("No YouTube API key is configured (YouTube__ApiKeys).", data: data);
        }
        else if (status.AllKeysUnusable)
        {
            result = HealthCheckResult.Degraded(status.WaitingForKeysUntil is { } until
                ? $"Every API key is exhausted or resting; fetching resumes at {until:u}."
                : "No API key is valid; fetching has stopped.", data: data);
        }
        else if (status.IsPaced)
        {
            result = HealthCheckResult.Degraded(
                $"Quota pacing: one cycle every {status.CurrentInterval:g} so that the quota lasts until midnight Pacific time.", data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy(status.IsFetcher ? "Fetching." : "Standing by (another replica fetches).", data);
        }

        return Task.FromResult(result);
    }
}
