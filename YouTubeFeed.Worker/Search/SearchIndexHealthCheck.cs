using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace YouTubeFeed.Worker.Search;

/// <summary>
/// Degraded while search terms cannot be written: videos stay searchable (read directly while queued), but
/// searches slow down as the queue grows, and beyond <see cref="Data.Videos.VideoReader.MaxUnindexedRead"/>
/// queued videos they miss some.
/// </summary>
internal sealed class SearchIndexHealthCheck(SearchIndexWorker worker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(worker.FailingSince is { } since
            ? HealthCheckResult.Degraded($"Search terms could not be written since {since:u}; new videos are queued for them.")
            : HealthCheckResult.Healthy("Search terms are written as videos arrive."));
}
