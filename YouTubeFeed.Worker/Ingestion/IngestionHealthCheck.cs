using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using YouTubeFeed.Worker.Planning;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>
/// What an operator must know about ingestion: degraded while no key can be used (and until when), when no key is
/// configured, while the day's quota cannot read every video of a query, and while it does not pay a query's sweep at
/// the late window (on which the guarantee rests). The plan is in the details.
/// </summary>
internal sealed class IngestionHealthCheck(IngestionStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["fetcher"] = status.IsFetcher,
            ["usableKeys"] = status.UsableKeys,
            ["expectedDarkMinutes"] = Math.Round(status.ExpectedDarkMinutes),
        };
        if (status.LastCycleAt is { } last)
        {
            data["lastCycleAt"] = last.ToString("O", CultureInfo.InvariantCulture);
        }

        foreach (var project in status.Budget?.Projects ?? [])
        {
            data[$"project:{project.Name}:callsLeft"] = project.CallsLeft;
        }

        foreach (var query in status.Queries.Values)
        {
            data[$"query:{query.Query}:nextReadAt"] = query.NextReadAt.ToString("O", CultureInfo.InvariantCulture);
            data[$"query:{query.Query}:intervalSeconds"] = Math.Round(query.Interval.TotalSeconds);
            data[$"query:{query.Query}:gaps"] = query.Gaps;
            if (query.Funding is { } funding)
            {
                data[$"query:{query.Query}:funding"] = funding.ToString();
            }
        }

        var partial = status.Queries.Values.Where(q => q.Funding == Funding.Partial).Select(q => q.Query).ToList();
        var unswept = status.Queries.Values.Where(q => q.Funding != Funding.Partial && !q.GuaranteeSweepFunded).Select(q => q.Query).ToList();
        HealthCheckResult result;
        if (!status.HasKeys)
        {
            result = HealthCheckResult.Degraded("No YouTube API key is configured (YouTube__ApiKeys or YouTube__Projects__<name>).", data: data);
        }
        else if (status.AllKeysUnusable)
        {
            result = HealthCheckResult.Degraded(status.WaitingForKeysUntil is { } until
                ? $"No API key can be used now (quota spent or keys resting); fetching resumes at {until:u}."
                : "No API key is valid; fetching has stopped.", data: data);
        }
        else if (partial.Count > 0)
        {
            result = HealthCheckResult.Degraded(
                $"Today's quota cannot read every video of {string.Join(", ", partial.Select(q => $"'{q}'"))}: it reads the newest, a full page at a time.", data: data);
        }
        else if (unswept.Count > 0)
        {
            result = HealthCheckResult.Degraded(
                $"Today's quota does not pay the late sweep of {string.Join(", ", unswept.Select(q => $"'{q}'"))}: a video YouTube lists late may be missed.", data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy(status.IsFetcher ? "Fetching." : "Standing by (another replica fetches).", data);
        }

        return Task.FromResult(result);
    }
}
