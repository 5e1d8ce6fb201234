using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using YouTubeFeed.Data.Ingestion;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Worker.Keys;

/// <summary>
/// Chooses the key for each call and learns from every answer. Quota is counted per Google Cloud project (all its
/// keys share one bucket), in MySQL; a project whose quota YouTube calls exceeded rests until midnight Pacific
/// time; a refused key or project rests with growing pauses; only a key YouTube calls invalid or expired is
/// retired for good. <see cref="RefreshAsync"/> reloads the shared state before each tick.
/// </summary>
public sealed partial class ApiKeyPool
{
    private readonly KeyPoolOptions options;
    private readonly QuotaLedger ledger;
    private readonly KeyStateStore states;
    private readonly KeyPoolMetrics metrics;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<ApiKeyPool> logger;
    private readonly Lock gate = new();
    private Dictionary<string, (long Spent, DateTime? ExhaustedUntil)> spent = new(StringComparer.Ordinal);
    private Dictionary<string, ApiKeyState> keyStates = new(StringComparer.Ordinal);
    private DateOnly loadedDay;

    public ApiKeyPool(
        IOptions<KeyPoolOptions> options,
        QuotaLedger ledger,
        KeyStateStore states,
        KeyPoolMetrics metrics,
        TimeProvider timeProvider,
        ILogger<ApiKeyPool> logger)
    {
        this.options = options.Value;
        this.ledger = ledger;
        this.states = states;
        this.metrics = metrics;
        this.timeProvider = timeProvider;
        this.logger = logger;
        Projects = this.options.BuildProjects();
        Keys = Projects.SelectMany(p => p.Keys).ToList();
        metrics.Observe(this);
    }

    public IReadOnlyList<ApiProject> Projects { get; }

    public IReadOnlyList<ApiKey> Keys { get; }

    /// <summary>The budget as of the last refresh or call (for gauges; may be a tick old).</summary>
    public QuotaBudget? LastBudget { get; private set; }

    /// <summary>Reloads spent units and key states from MySQL: another replica, or an earlier life of this one, may have spent.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var day = PacificTime.Day(timeProvider.GetUtcNow());
        var loadedSpent = await ledger.ReadDayAsync(day, cancellationToken);
        var loadedStates = await states.ReadAllAsync(cancellationToken);
        lock (gate)
        {
            spent = loadedSpent;
            keyStates = loadedStates;
            loadedDay = day;
        }

        LastBudget = Budget();
    }

    /// <summary>What can be spent now and today.</summary>
    public QuotaBudget Budget()
    {
        var now = timeProvider.GetUtcNow();
        var reset = PacificTime.NextMidnight(now);
        lock (gate)
        {
            RollOver(now);
            var projects = Projects.Select(project =>
            {
                var (used, exhaustedUntil) = spent.GetValueOrDefault(project.Name);
                var exhausted = exhaustedUntil is { } until && until > now.UtcDateTime;
                var callsLeft = exhausted ? 0 : (int)Math.Max(0, (options.DailyQuotaUnits - used) / options.UnitsPerCall);
                var live = project.Keys.Where(k => !IsRetired(k)).ToList();
                var usable = live.Where(k => RestEnd(k, now) is null).ToList();
                DateTimeOffset? resting = usable.Count == 0 && live.Count > 0 ? live.Min(k => RestEnd(k, now)) : null;
                return new ProjectBudget(project.Name, options.CallsPerDay, callsLeft, exhausted, usable.Count, live.Count, resting);
            }).ToList();
            return LastBudget = new QuotaBudget(projects, now, reset);
        }
    }

    /// <summary>
    /// A key for the next call: from the usable project with the most calls left (so projects wear down evenly and
    /// a rate limit on one leaves the others their pace), its first usable key. Null when no call can be made now.
    /// </summary>
    public ApiKey? TakeKey()
    {
        var budget = Budget();
        var now = budget.Now;
        lock (gate)
        {
            return budget.Projects
                .Where(p => p.CallsLeft > 0 && p.UsableKeys > 0)
                .OrderByDescending(p => p.CallsLeft)
                .SelectMany(p => Projects.First(project => project.Name == p.Name).Keys)
                .FirstOrDefault(k => !IsRetired(k) && RestEnd(k, now) is null);
        }
    }

    /// <summary>
    /// Per project, its first key that is neither retired nor resting now, whatever is left of the search bucket: for
    /// methods that draw on the project's general bucket (videos.list), which their caller counts itself.
    /// </summary>
    public IReadOnlyList<ApiKey> UsableKeysByProject()
    {
        var now = timeProvider.GetUtcNow();
        lock (gate)
        {
            return Projects
                .Select(project => project.Keys.FirstOrDefault(k => !IsRetired(k) && RestEnd(k, now) is null))
                .OfType<ApiKey>()
                .ToList();
        }
    }

    /// <summary>Counts the call against its project and moves the key (or its project) to the state the answer implies.</summary>
    public async Task RecordAsync(ApiKey key, SearchOutcome outcome, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var day = PacificTime.Day(now);
        var failure = outcome as SearchFailure;
        metrics.Call(key.Project, failure?.Kind.ToString() ?? "ok");

        if (failure is null || failure.Kind.IsCharged())
        {
            lock (gate)
            {
                RollOver(now);
                var (used, until) = spent.GetValueOrDefault(key.Project);
                spent[key.Project] = (used + options.UnitsPerCall, until);
            }

            metrics.UnitsSpent(key.Project, options.UnitsPerCall);
            await ledger.AddAsync(key.Project, day, options.UnitsPerCall, now.UtcDateTime, cancellationToken);
        }

        switch (failure?.Kind)
        {
            case null:
                if (HasStrikes(key))
                {
                    await ClearAsync(key, cancellationToken);
                }

                break;
            case FailureKind.QuotaExceeded:
                var reset = PacificTime.NextMidnight(now);
                lock (gate)
                {
                    spent[key.Project] = (spent.GetValueOrDefault(key.Project).Spent, reset.UtcDateTime);
                }

                await ledger.MarkExhaustedAsync(key.Project, day, reset.UtcDateTime, now.UtcDateTime, cancellationToken);
                LogExhausted(logger, key.Project, key.Fingerprint, reset);
                break;
            case FailureKind.KeyInvalid:
                await SaveAsync(new ApiKeyState
                {
                    Fingerprint = key.Fingerprint,
                    Status = KeyStateStore.Retired,
                    Reason = failure.Reason,
                    UpdatedAt = now.UtcDateTime,
                }, cancellationToken);
                LogRetired(logger, key.Fingerprint, key.Project, failure.Reason);
                break;
            case FailureKind.RateLimited or FailureKind.ApiDisabled or FailureKind.KeyBlocked or FailureKind.Forbidden:
                var restOf = KeyRest.AppliesToProject(failure.Kind) ? Projects.First(p => p.Name == key.Project).Keys : [key];
                foreach (var resting in restOf.Where(k => !IsRetired(k)))
                {
                    var strikes = StrikesOf(resting) + 1;
                    var until = now + KeyRest.For(failure.Kind, strikes, failure.RetryAfter);
                    await SaveAsync(new ApiKeyState
                    {
                        Fingerprint = resting.Fingerprint,
                        Status = KeyStateStore.Resting,
                        Until = until.UtcDateTime,
                        Strikes = strikes,
                        Reason = failure.Reason,
                        UpdatedAt = now.UtcDateTime,
                    }, cancellationToken);
                    LogResting(logger, resting.Fingerprint, resting.Project, failure.Reason, until, strikes);
                }

                break;
        }
    }

    private async Task SaveAsync(ApiKeyState state, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            keyStates[state.Fingerprint] = state;
        }

        await states.SaveAsync(state, cancellationToken);
    }

    private async Task ClearAsync(ApiKey key, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            keyStates.Remove(key.Fingerprint);
        }

        await states.ClearAsync(key.Fingerprint, cancellationToken);
    }

    // The ledger is kept per Pacific day: after midnight the in-process copy starts from zero like the new row.
    private void RollOver(DateTimeOffset now)
    {
        var day = PacificTime.Day(now);
        if (day != loadedDay)
        {
            spent = new(StringComparer.Ordinal);
            loadedDay = day;
        }
    }

    private bool IsRetired(ApiKey key) =>
        keyStates.TryGetValue(key.Fingerprint, out var state) && state.Status == KeyStateStore.Retired;

    private DateTimeOffset? RestEnd(ApiKey key, DateTimeOffset now) =>
        keyStates.TryGetValue(key.Fingerprint, out var state) && state.Status == KeyStateStore.Resting
            && state.Until is { } until && until > now.UtcDateTime
            ? new DateTimeOffset(until, TimeSpan.Zero)
            : null;

    private bool HasStrikes(ApiKey key)
    {
        lock (gate)
        {
            return keyStates.TryGetValue(key.Fingerprint, out var state) && state.Status == KeyStateStore.Resting;
        }
    }

    private int StrikesOf(ApiKey key)
    {
        lock (gate)
        {
            return keyStates.TryGetValue(key.Fingerprint, out var state) && state.Status == KeyStateStore.Resting ? state.Strikes : 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Project {Project} has used its daily quota (key {Fingerprint} was refused); its keys rest until {Reset:u} (midnight Pacific time)")]
    private static partial void LogExhausted(ILogger logger, string project, string fingerprint, DateTimeOffset reset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key {Fingerprint} of project {Project} was refused ({Reason}); it rests until {Until:u} (refusal {Strikes} in a row)")]
    private static partial void LogResting(ILogger logger, string fingerprint, string project, string reason, DateTimeOffset until, int strikes);

    [LoggerMessage(Level = LogLevel.Error, Message = "API key {Fingerprint} of project {Project} was refused as invalid or expired ({Reason}); it will not be used again. Check the configured keys.")]
    private static partial void LogRetired(ILogger logger, string fingerprint, string project, string reason);
}
