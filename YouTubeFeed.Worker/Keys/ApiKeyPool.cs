using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using YouTubeFeed.Worker.Ingestion;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Worker.Keys;

/// <summary>
/// Chooses the key for the next call and learns from every answer: keys are used in the configured order,
/// so one key is spent before the next is touched; an exhausted key rests until midnight Pacific time, a
/// rate-limited one for a while, an invalid one for ever.
/// </summary>
public sealed partial class ApiKeyPool
{
    private readonly YouTubeOptions options;
    private readonly KeyStateStore store;
    private readonly TimeProvider timeProvider;
    private readonly IngestionMetrics metrics;
    private readonly ILogger<ApiKeyPool> logger;

    public ApiKeyPool(
        IOptions<YouTubeOptions> options,
        KeyStateStore store,
        TimeProvider timeProvider,
        IngestionMetrics metrics,
        ILogger<ApiKeyPool> logger)
    {
        this.options = options.Value;
        this.store = store;
        this.timeProvider = timeProvider;
        this.metrics = metrics;
        this.logger = logger;
        Keys = this.options.Keys.Select(k => new ApiKey(k, KeyFingerprint.Of(k))).ToList();
    }

    public IReadOnlyList<ApiKey> Keys { get; }

    /// <summary>The first key that may be used now, or null when none may.</summary>
    public async Task<ApiKey?> NextUsableAsync()
    {
        var now = timeProvider.GetUtcNow();
        var known = await store.LoadAsync(Keys.Select(k => k.Fingerprint), PacificTime.Day(now));
        return Keys.FirstOrDefault(key => IsUsable(known[key.Fingerprint], now));
    }

    /// <summary>Counts the call's units and moves the key to the state the answer implies.</summary>
    public async Task RecordAsync(ApiKey key, SearchOutcome outcome)
    {
        var now = timeProvider.GetUtcNow();
        var failure = outcome as SearchFailure;

        // Google charges failed calls too, except those refused for the key or its quota.
        if (failure?.Kind is not (FailureKind.QuotaExceeded or FailureKind.KeyInvalid))
        {
            await store.AddSpentAsync(key.Fingerprint, PacificTime.Day(now), options.UnitsPerCall);
            metrics.UnitsSpent(key.Fingerprint, options.UnitsPerCall);
        }

        switch (failure?.Kind)
        {
            case FailureKind.QuotaExceeded:
                var reset = PacificTime.NextMidnight(now);
                await store.SetStateAsync(key.Fingerprint, new KeyState(KeyStatus.Exhausted, reset));
                LogExhausted(logger, key.Fingerprint, reset);
                break;
            case FailureKind.RateLimited:
                var until = now + (failure.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : options.RateLimitBackoff);
                await store.SetStateAsync(key.Fingerprint, new KeyState(KeyStatus.RateLimited, until));
                LogRateLimited(logger, key.Fingerprint, until);
                break;
            case FailureKind.KeyInvalid:
                await store.SetStateAsync(key.Fingerprint, new KeyState(KeyStatus.Invalid, null));
                LogInvalid(logger, key.Fingerprint, failure.Reason);
                break;
        }
    }

    /// <summary>Usable keys, the units they have left today, and when the quota resets.</summary>
    public async Task<QuotaStatus> StatusAsync()
    {
        var now = timeProvider.GetUtcNow();
        var known = await store.LoadAsync(Keys.Select(k => k.Fingerprint), PacificTime.Day(now));
        var usable = Keys.Where(k => IsUsable(known[k.Fingerprint], now)).ToList();
        var remaining = usable.Sum(k => Math.Max(0, options.DailyQuotaUnits - known[k.Fingerprint].Spent));
        var nextReset = PacificTime.NextMidnight(now);

        // With nothing usable, the earliest instant one comes back: a rate limit passing, or the daily reset.
        DateTimeOffset? earliest = usable.Count > 0
            ? now
            : Keys.Select(k => known[k.Fingerprint].State)
                .Where(s => s.Status != KeyStatus.Invalid)
                .Select(s => s.Status == KeyStatus.RateLimited && s.Until is { } until && until < nextReset ? until : nextReset)
                .DefaultIfEmpty()
                .Min() is var min && min != default ? min : null;
        return new QuotaStatus(usable.Count, remaining, nextReset, earliest);
    }

    // Spent units are counted per Pacific day, so they start again from zero after the reset on their own.
    private bool IsUsable((KeyState State, long Spent) key, DateTimeOffset now) =>
        key.State.StatusAt(now) == KeyStatus.Usable && key.Spent + options.UnitsPerCall <= options.DailyQuotaUnits;

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key {Fingerprint} has used its daily quota; it rests until {Reset:u} (midnight Pacific time)")]
    private static partial void LogExhausted(ILogger logger, string fingerprint, DateTimeOffset reset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key {Fingerprint} is rate limited until {Until:u}")]
    private static partial void LogRateLimited(ILogger logger, string fingerprint, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Error, Message = "API key {Fingerprint} was refused as invalid ({Reason}); it will not be used again. Check YouTube__ApiKeys.")]
    private static partial void LogInvalid(ILogger logger, string fingerprint, string reason);
}
