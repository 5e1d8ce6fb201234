using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Database;
using YouTubeFeed.Worker.Coverage;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.Planning;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>
/// One tick of the Worker: hold the lease, load the ledgers and the quota, let the planner choose the reads, make
/// them, and refresh the cached first page when anything changed. <see cref="IngestionWorker"/> calls it on a
/// timer; tests and the simulation call it directly with a fake clock.
/// </summary>
public sealed partial class IngestionRunner(
    SpanReader reader,
    FetchLease lease,
    ApiKeyPool keys,
    LedgerStore ledgers,
    QuotaPlanner planner,
    FirstPageCache cache,
    SchemaReadiness schema,
    IngestionStatus status,
    IOptions<IngestionOptions> ingestionOptions,
    IOptions<PlannerOptions> plannerOptions,
    TimeProvider timeProvider,
    ILogger<IngestionRunner> logger)
{
    private static readonly ActivitySource Activity = new(TelemetryNames.ActivitySource);
    private bool wasWaiting;

    // True until this process has written the cached first page once, and again after a write failed: what a
    // Worker that died between storing and refreshing left stale, or a write Redis refused, is mended at the
    // next tick even when that tick finds nothing new.
    private bool cacheStale = true;

    /// <summary>Runs the reads the planner finds due (<paramref name="force"/>: "fetch now"); returns what each query's reads did.</summary>
    public async Task<IReadOnlyList<CycleResult>> RunOnceAsync(bool force, CancellationToken cancellationToken)
    {
        await schema.WaitAsync(cancellationToken);
        status.HasKeys = keys.Keys.Count > 0;
        if (!status.HasKeys)
        {
            status.LastProblem = "no API key configured (YouTube__ApiKeys or YouTube__Projects__<name>)";
            return [];
        }

        var token = await lease.TryHoldAsync(cancellationToken);
        status.IsFetcher = token is not null;
        if (token is not { } fenceToken)
        {
            return [];
        }

        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = lease.KeepRenewingAsync(fenceToken, renewal.Token);
        try
        {
            return await RunHoldingLeaseAsync(force, fenceToken, cancellationToken);
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
        }
    }

    private async Task<IReadOnlyList<CycleResult>> RunHoldingLeaseAsync(bool force, long fenceToken, CancellationToken cancellationToken)
    {
        var settings = plannerOptions.Value;
        await keys.RefreshAsync(cancellationToken);
        var loaded = await ledgers.LoadAsync(ingestionOptions.Value.Queries, settings.SweepAges, cancellationToken);
        var budget = keys.Budget();
        status.Budget = budget;
        if (!ReportKeys(budget))
        {
            Report(loaded);
            await RefreshCacheAsync(false, cancellationToken);
            return [];
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var work = planner.Decide(now, force, loaded, budget);
        status.Plan = planner.Plan;
        if (work.Count == 0)
        {
            Report(loaded);
            await RefreshCacheAsync(false, cancellationToken);
            return [];
        }

        using var activity = Activity.StartActivity("ingestion tick");
        var results = new List<ReadResult>();
        var failedQueries = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in work)
        {
            if (failedQueries.Contains(item.Query))
            {
                continue; // its first read failed this tick: the rest waits for the next
            }

            if (!lease.Holds(fenceToken) || !keys.Budget().CanCallNow)
            {
                break;
            }

            if (!StillDue(item, loaded[item.Query], now))
            {
                continue; // an earlier read of this tick covered it (e.g. a shorter sweep read what a longer one was to)
            }

            ReadResult result;
            try
            {
                result = await reader.ReadAsync(item, loaded[item.Query], fenceToken, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // One failed read never stops the loop; what it did not read stays in the ledger.
                LogReadCrashed(logger, exception, item.Kind, item.Query);
                result = new ReadResult(item, ReadEnd.Failed, 0, 0, 0, 0, exception.GetType().Name + ": " + exception.Message);
            }

            results.Add(result);
            if (result.End is ReadEnd.Failed or ReadEnd.OddPages)
            {
                failedQueries.Add(item.Query);
            }

            if (result.End == ReadEnd.LeaseLost)
            {
                break;
            }
        }

        status.Budget = keys.Budget();
        status.LastCycleAt = timeProvider.GetUtcNow();
        status.LastProblem = results.FirstOrDefault(r => r.Problem is not null)?.Problem;
        Report(loaded);
        ReportKeys(status.Budget);
        await RefreshCacheAsync(results.Any(r => r.NewVideos > 0 || r.Changed > 0), cancellationToken);

        return results
            .GroupBy(r => r.Work.Query, StringComparer.Ordinal)
            .Select(g =>
            {
                var ledger = loaded[g.Key];
                // Caught up: everything it read this tick reached its bottom, new videos were read to now, and nothing
                // older is left unread.
                var readToNow = g.Any(r => r.Work.Kind is WorkKind.Head or WorkKind.FirstRead);
                var completed = readToNow && g.All(r => r.End is ReadEnd.Reached) && !ledger.IsBackfilling && ledger.Gaps().Count == 0;
                return new CycleResult(g.Key, completed, g.Sum(r => r.Calls), g.Sum(r => r.Pages), g.Sum(r => r.NewVideos),
                    g.Select(r => r.Problem).FirstOrDefault(p => p is not null));
            })
            .ToList();
    }

    // The planner decided on the ledger as it was before the tick's reads: a read may have covered a later one's span.
    private static bool StillDue(FetchWork work, QueryLedger ledger, DateTime now) => work.Kind switch
    {
        WorkKind.Sweep when work.SweepAge is { } age && work.Target is { } target =>
            ledger.DueSweep(age, now) is { } due && due.Low < target.High,
        WorkKind.Gap when work.Target is { } target => ledger.Gaps().Any(gap => gap.Low < target.High && gap.High > target.Low),
        _ => true,
    };

    private async Task RefreshCacheAsync(bool changed, CancellationToken cancellationToken)
    {
        if (!cacheStale && !changed)
        {
            return;
        }

        try
        {
            cacheStale = !(await cache.RefreshAsync(cancellationToken)).Written;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Redis down or stalled: the videos are stored, the Api reads MySQL until the next refresh.
            cacheStale = true;
            LogRefreshFailed(logger, exception.Message);
        }
    }

    private void Report(IReadOnlyDictionary<string, QueryLedger> loaded)
    {
        foreach (var ledger in loaded.Values)
        {
            status.Report(ledger, planner.Plan, plannerOptions.Value);
        }
    }

    private bool ReportKeys(QuotaBudget budget)
    {
        var waiting = !budget.CanCallNow;
        if (waiting && !wasWaiting)
        {
            if (budget.EarliestUsableAt is { } until)
            {
                LogWaitingForKeys(logger, until);
            }
            else
            {
                LogNoValidKeys(logger);
            }
        }
        else if (!waiting && wasWaiting)
        {
            LogKeysBack(logger, budget.UsableKeys);
        }

        wasWaiting = waiting;
        return !waiting;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Read {Kind} of '{Query}' failed; what it did not read stays in the ledger")]
    private static partial void LogReadCrashed(ILogger logger, Exception exception, WorkKind kind, string query);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the cached first page: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API key can be used now (quota spent, or keys resting); fetching waits until {Until:u}")]
    private static partial void LogWaitingForKeys(ILogger logger, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Error, Message = "No API key is valid; fetching has stopped. Check the configured keys.")]
    private static partial void LogNoValidKeys(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} API key(s) usable again; fetching resumes")]
    private static partial void LogKeysBack(ILogger logger, int count);
}
