using System.Collections.Concurrent;
using YouTubeFeed.Worker.Coverage;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.Planning;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>What the Worker is doing now, for health, metrics and the dashboard.</summary>
public sealed class IngestionStatus(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, QueryStatus> queries = new(StringComparer.Ordinal);

    /// <summary>Whether this replica holds the fetch lease (the others stand by).</summary>
    public bool IsFetcher { get; set; }

    public bool HasKeys { get; set; } = true;

    public QuotaBudget? Budget { get; set; }

    public QuotaPlan? Plan { get; set; }

    public DateTimeOffset? LastCycleAt { get; set; }

    public string? LastProblem { get; set; }

    public int UsableKeys => Budget?.UsableKeys ?? 0;

    /// <summary>Set while no call can be made: when one can again (null: never, every key is retired).</summary>
    public DateTimeOffset? WaitingForKeysUntil => Budget is { CanCallNow: false } budget ? budget.EarliestUsableAt : null;

    public bool AllKeysUnusable => Budget is { CanCallNow: false };

    public IReadOnlyDictionary<string, QueryStatus> Queries => queries;

    /// <summary>Minutes before the reset during which nothing can be read because the day's calls are spent.</summary>
    public double ExpectedDarkMinutes =>
        Budget is { } budget && budget.CallsLeft == 0 ? Math.Max(0, (budget.NextReset - budget.Now).TotalMinutes) : 0;

    public void Report(QueryLedger ledger, QuotaPlan? plan, PlannerOptions options)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var paced = plan?.Queries.ContainsKey(ledger.Query) == true && options.QuotaPacing;
        var interval = paced ? plan!.IntervalAt(ledger.Query, now) : options.FetchInterval;
        var nextRead = ledger.LastHeadAt is not { } last ? now : paced ? plan!.NextReadAt(ledger.Query, last, now) : last + interval;
        var guaranteeAge = options.SweepAges.DefaultIfEmpty(TimeSpan.Zero).Max();
        var guaranteed = options.SweepAges.Count > 0 && ledger.Aged.TryGetValue(guaranteeAge, out var aged) ? aged.Settled : ledger.Read.Settled;
        queries[ledger.Query] = new QueryStatus(
            ledger.Query,
            ledger.Top,
            ledger.Gaps().Count,
            ledger.IsBackfilling,
            nextRead,
            interval,
            plan?.Queries.GetValueOrDefault(ledger.Query)?.Funding,
            ledger.Rate.At(now),
            guaranteed is { } g ? now - guaranteeAge - g : null,
            // Without pacing every sweep is made when due; with it, only the ones the day's calls pay for.
            !options.QuotaPacing || options.SweepAges.Count == 0 || plan?.Queries.GetValueOrDefault(ledger.Query) is not { } planned
                || planned.FundedSweeps.Contains(guaranteeAge));
    }
}

/// <summary>One query as the last tick saw it.</summary>
/// <param name="Watermark">The newest publish time read.</param>
/// <param name="NextReadAt">When the planner means to read its new videos next.</param>
/// <param name="LateSweepLag">How far the late-window sweep is behind where it could be (null before it starts).</param>
/// <param name="GuaranteeSweepFunded">Whether today's calls pay for the sweep at <c>LateWindow</c>, on which the guarantee rests.</param>
public sealed record QueryStatus(
    string Query,
    DateTime? Watermark,
    int Gaps,
    bool Backfilling,
    DateTime NextReadAt,
    TimeSpan Interval,
    Funding? Funding,
    double RatePerHour,
    TimeSpan? LateSweepLag,
    bool GuaranteeSweepFunded);
