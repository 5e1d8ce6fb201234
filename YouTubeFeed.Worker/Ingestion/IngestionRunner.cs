using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Database;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>
/// One tick of the Worker: hold the lease, check the keys, run each query that is due, and refresh the
/// cached first page when anything new was stored. <see cref="IngestionWorker"/> calls it on a timer;
/// tests call it directly with a fake clock.
/// </summary>
public sealed partial class IngestionRunner(
    FetchCycle cycle,
    FetchLease lease,
    ApiKeyPool keys,
    QuotaPacer pacer,
    FirstPageCache cache,
    SchemaReadiness schema,
    IngestionStatus status,
    IOptions<YouTubeOptions> options,
    TimeProvider timeProvider,
    ILogger<IngestionRunner> logger)
{
    private static readonly ActivitySource Activity = new(TelemetryNames.ActivitySource);
    private readonly Dictionary<string, DateTimeOffset> nextDue = new(StringComparer.Ordinal);
    private bool wasWaiting;

    // True until this process has written the cached first page once, and again after a write failed: what a
    // Worker that died between storing and refreshing left stale, or a write Redis refused, is mended at the
    // next tick even when that tick finds nothing new. (A page Redis lost later is refilled by the Api's miss.)
    private bool cacheStale = true;
    private TimeSpan lastInterval;

    /// <summary>Runs the due queries (all of them when <paramref name="force"/>); returns their results.</summary>
    public async Task<IReadOnlyList<CycleResult>> RunOnceAsync(bool force, CancellationToken cancellationToken)
    {
        await schema.WaitAsync(cancellationToken);
        status.HasKeys = keys.Keys.Count > 0;
        if (!status.HasKeys)
        {
            status.LastProblem = "no API key configured (YouTube__ApiKeys)";
            return [];
        }

        var token = await lease.TryHoldAsync();
        status.IsFetcher = token is not null;
        if (token is not { } fenceToken)
        {
            return [];
        }

        var now = timeProvider.GetUtcNow();
        var quota = await keys.StatusAsync();
        if (!ReportKeys(quota))
        {
            return [];
        }

        var due = options.Value.Queries.Where(q => force || now >= nextDue.GetValueOrDefault(q)).ToList();
        if (due.Count == 0)
        {
            return [];
        }

        using var activity = Activity.StartActivity("ingestion tick");
        var results = new List<CycleResult>();
        foreach (var query in due)
        {
            try
            {
                results.Add(await cycle.RunAsync(query, fenceToken, cancellationToken));
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // One bad cycle never stops the loop; its window is fetched again next time.
                LogCycleCrashed(logger, exception, query);
                results.Add(new CycleResult(query, false, 0, 0, 0, exception.GetType().Name + ": " + exception.Message));
            }

            quota = await keys.StatusAsync();
            var interval = pacer.IntervalFor(quota);
            nextDue[query] = timeProvider.GetUtcNow() + interval;
            ReportPace(interval);
        }

        status.LastCycleAt = timeProvider.GetUtcNow();
        status.LastProblem = results.FirstOrDefault(r => r.Problem is not null)?.Problem;
        ReportKeys(quota);

        if (cacheStale || results.Any(r => r.NewVideos > 0))
        {
            try
            {
                cacheStale = !(await cache.RefreshAsync(cancellationToken)).Written;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The Api reads MySQL until the next refresh; nothing is lost.
                cacheStale = true;
                LogRefreshFailed(logger, exception.Message);
            }
        }

        return results;
    }

    private bool ReportKeys(QuotaStatus quota)
    {
        status.UsableKeys = quota.UsableKeys;
        status.AllKeysUnusable = quota.UsableKeys == 0;
        status.WaitingForKeysUntil = quota.UsableKeys == 0 ? quota.EarliestUsableAt : null;
        if (quota.UsableKeys == 0 && !wasWaiting)
        {
            if (quota.EarliestUsableAt is { } until)
            {
                LogWaitingForKeys(logger, until);
            }
            else
            {
                LogNoValidKeys(logger);
            }
        }
        else if (quota.UsableKeys > 0 && wasWaiting)
        {
            LogKeysBack(logger, quota.UsableKeys);
        }

        wasWaiting = quota.UsableKeys == 0;
        return !wasWaiting;
    }

    private void ReportPace(TimeSpan interval)
    {
        status.CurrentInterval = interval;
        status.IsPaced = interval > options.Value.FetchInterval;
        if (interval != lastInterval && status.IsPaced)
        {
            LogPaced(logger, interval, options.Value.FetchInterval);
        }
        else if (lastInterval > options.Value.FetchInterval && !status.IsPaced)
        {
            LogPaceRestored(logger, interval);
        }

        lastInterval = interval;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Fetch cycle for '{Query}' failed; the next cycle fetches the same window again")]
    private static partial void LogCycleCrashed(ILogger logger, Exception exception, string query);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the cached first page: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Every API key is exhausted or resting; fetching waits until {Until:u}")]
    private static partial void LogWaitingForKeys(ILogger logger, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Error, Message = "No API key is valid; fetching has stopped. Check YouTube__ApiKeys.")]
    private static partial void LogNoValidKeys(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} API key(s) usable again; fetching resumes")]
    private static partial void LogKeysBack(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quota pacing: one cycle per query every {Interval} (instead of {Configured}) so that the remaining quota lasts until midnight Pacific time")]
    private static partial void LogPaced(ILogger logger, TimeSpan interval, TimeSpan configured);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quota pacing over: one cycle every {Interval}")]
    private static partial void LogPaceRestored(ILogger logger, TimeSpan interval);
}
