using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Database;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Worker.Enrichment;

/// <summary>What one round did.</summary>
/// <param name="Ran">False when another replica held the round, or no key is configured.</param>
/// <param name="Calls">videos.list calls made (each charged to its project's general bucket, refused ones aside).</param>
/// <param name="Enriched">New videos whose details were stored.</param>
/// <param name="Refreshed">Videos whose statistics were read again.</param>
/// <param name="Gone">Videos videos.list no longer returns, removed.</param>
/// <param name="Deleted">Videos deleted by the retention.</param>
/// <param name="Problem">The failure that ended the round early, if any.</param>
public sealed record EnrichmentResult(bool Ran, int Calls, int Enriched, int Refreshed, int Gone, int Deleted, string? Problem)
{
    public static readonly EnrichmentResult Skipped = new(false, 0, 0, 0, 0, 0, null);
}

/// <summary>
/// One enrichment round: videos.list for stored videos not enriched yet (50 a call, newest stored first), then for
/// recent videos whose statistics are older than <see cref="EnrichmentOptions.RefreshAfter"/> within the refresh
/// share of each project's general bucket; videos it no longer returns are removed (with a tombstone); then the
/// retention; then the cached first page is refreshed when anything changed. One replica at a time (a MySQL lock).
/// <see cref="EnrichmentWorker"/> runs it on a timer; tests call it directly.
/// </summary>
public sealed partial class EnrichmentRunner(
    YouTubeClient youTube,
    ApiKeyPool keys,
    GeneralQuotaLedger ledger,
    VideoDetailsStore store,
    FirstPageCache cache,
    SchemaReadiness schema,
    MySqlDataSource dataSource,
    EnrichmentMetrics metrics,
    IOptions<EnrichmentOptions> options,
    IOptions<RetentionOptions> retention,
    TimeProvider timeProvider,
    ILogger<EnrichmentRunner> logger)
{
    private const string LockName = "youtubefeed.enrichment";

    public async Task<EnrichmentResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        await schema.WaitAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await TryLockAsync(connection, cancellationToken))
        {
            return EnrichmentResult.Skipped;
        }

        try
        {
            return await RunHoldingLockAsync(cancellationToken);
        }
        finally
        {
            await using var release = new MySqlCommand($"DO RELEASE_LOCK('{LockName}')", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task<EnrichmentResult> RunHoldingLockAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var round = new Round();
        if (keys.Keys.Count > 0)
        {
            await keys.RefreshAsync(cancellationToken);
            var usage = await ledger.ReadDayAsync(PacificTime.Day(timeProvider.GetUtcNow()), cancellationToken);

            var asked = new HashSet<string>(StringComparer.Ordinal);
            while (round.Calls < settings.MaxCallsPerRound && round.Problem is null)
            {
                var ids = (await store.PendingAsync(VideosWire.MostIds, cancellationToken)).Where(asked.Add).ToList();
                if (ids.Count == 0 || !await CallAsync(ids, refresh: false, usage, round, cancellationToken))
                {
                    break;
                }
            }

            while (settings.RefreshUnits > 0 && round.Calls < settings.MaxCallsPerRound && round.Problem is null)
            {
                var now = timeProvider.GetUtcNow().UtcDateTime;
                var ids = (await store.StaleAsync(now - settings.RefreshWindow, now - settings.RefreshAfter, VideosWire.MostIds, cancellationToken))
                    .Where(asked.Add)
                    .ToList();
                if (ids.Count == 0 || !await CallAsync(ids, refresh: true, usage, round, cancellationToken))
                {
                    break;
                }
            }
        }

        await ApplyRetentionAsync(round, cancellationToken);
        if (round.Enriched + round.Refreshed + round.Gone + round.Deleted > 0)
        {
            await RefreshCacheAsync(cancellationToken);
        }

        return new EnrichmentResult(true, round.Calls, round.Enriched, round.Refreshed, round.Gone, round.Deleted, round.Problem);
    }

    /// <summary>One call for <paramref name="ids"/>; false when no project may pay for it or it failed.</summary>
    private async Task<bool> CallAsync(
        List<string> ids, bool refresh, Dictionary<string, GeneralUsage> usage, Round round, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var day = PacificTime.Day(now);
        var key = PickKey(usage, refresh, now.UtcDateTime);
        if (key is null)
        {
            return false;
        }

        round.Calls++;
        var outcome = await youTube.ListVideosAsync(ids, key.Value, now.UtcDateTime, cancellationToken);
        var failure = (outcome as VideosFailure)?.Failure;
        metrics.Call(key.Project, refresh, failure?.Kind.ToString() ?? "ok");
        if (failure is null || failure.Kind.IsCharged())
        {
            var held = usage.GetValueOrDefault(key.Project) ?? new GeneralUsage(0, 0, null);
            usage[key.Project] = held with
            {
                Spent = held.Spent + settings.UnitsPerCall,
                RefreshSpent = held.RefreshSpent + (refresh ? settings.UnitsPerCall : 0),
            };
            await ledger.AddAsync(key.Project, day, settings.UnitsPerCall, refresh, now.UtcDateTime, cancellationToken);
        }

        if (outcome is VideosAnswer answer)
        {
            var found = ids.Where(answer.Videos.ContainsKey).Select(id => (id, answer.Videos[id])).ToList();
            var missing = ids.Where(id => !answer.Videos.ContainsKey(id)).ToList();
            await store.ApplyAsync(found, cancellationToken);
            var gone = await store.MarkGoneAsync(missing, now.UtcDateTime, cancellationToken);
            if (refresh)
            {
                round.Refreshed += found.Count;
            }
            else
            {
                round.Enriched += found.Count;
            }

            round.Gone += gone;
            metrics.Enriched(found.Count, refresh);
            metrics.Gone(gone);
            if (gone > 0)
            {
                LogGone(logger, gone, string.Join(",", missing.Take(5)));
            }

            return true;
        }

        await HandleFailureAsync(key, failure!, usage, now, cancellationToken);
        // A refusal of the key or its project: another project may go on; anything else ends the round.
        if (!failure!.Kind.TryAnotherKey())
        {
            round.Problem = $"{failure.Reason}: {failure.Detail}";
        }

        return failure.Kind.TryAnotherKey();
    }

    private async Task HandleFailureAsync(ApiKey key, SearchFailure failure, Dictionary<string, GeneralUsage> usage, DateTimeOffset now, CancellationToken cancellationToken)
    {
        LogCallFailed(logger, key.Fingerprint, key.Project, failure.Kind, failure.Reason);
        switch (failure.Kind)
        {
            case FailureKind.QuotaExceeded:
                // The general bucket, not the search bucket: the project's searches go on.
                var reset = PacificTime.NextMidnight(now).UtcDateTime;
                usage[key.Project] = (usage.GetValueOrDefault(key.Project) ?? new GeneralUsage(0, 0, null)) with { ExhaustedUntil = reset };
                await ledger.MarkExhaustedAsync(key.Project, PacificTime.Day(now), reset, now.UtcDateTime, cancellationToken);
                break;
            case FailureKind.RateLimited or FailureKind.ApiDisabled or FailureKind.KeyBlocked or FailureKind.KeyInvalid:
                // Refusals of the key or its project, never charged: the pool rests or retires them for every caller.
                await keys.RecordAsync(key, failure, cancellationToken);
                break;
        }
    }

    /// <summary>
    /// A usable key of the project with the most general units left (for a refresh: of its refresh share), or null.
    /// New videos may use all but the refresh share.
    /// </summary>
    private ApiKey? PickKey(Dictionary<string, GeneralUsage> usage, bool refresh, DateTime now)
    {
        var settings = options.Value;
        return keys.UsableKeysByProject()
            .Select(key => (key, left: UnitsLeft(usage.GetValueOrDefault(key.Project) ?? new GeneralUsage(0, 0, null), refresh, now)))
            .Where(k => k.left >= settings.UnitsPerCall)
            .OrderByDescending(k => k.left)
            .Select(k => k.key)
            .FirstOrDefault();
    }

    private long UnitsLeft(GeneralUsage used, bool refresh, DateTime now)
    {
        var settings = options.Value;
        if (used.ExhaustedUntil is { } until && until > now)
        {
            return 0;
        }

        var total = settings.DailyUnitsPerProject - used.Spent;
        return refresh
            ? Math.Min(total, settings.RefreshUnits - used.RefreshSpent)
            : Math.Min(total, settings.DailyUnitsPerProject - settings.RefreshUnits - (used.Spent - used.RefreshSpent));
    }

    private async Task ApplyRetentionAsync(Round round, CancellationToken cancellationToken)
    {
        if (retention.Value.MaxAge is not { } maxAge)
        {
            return;
        }

        var cutoff = timeProvider.GetUtcNow().UtcDateTime - maxAge;
        var old = await store.OlderThanAsync(cutoff, retention.Value.MaxDeletesPerRound, cancellationToken);
        var deleted = 0;
        foreach (var batch in old.Chunk(500))
        {
            deleted += await store.DeleteAsync(batch, cancellationToken);
        }

        round.Deleted = deleted;
        metrics.Deleted(deleted);
    }

    private async Task RefreshCacheAsync(CancellationToken cancellationToken)
    {
        try
        {
            await cache.RefreshAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Redis down: the next round that changes something writes it; the Api reads MySQL meanwhile.
            LogRefreshFailed(logger, exception.Message);
        }
    }

    private static async Task<bool> TryLockAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand($"SELECT GET_LOCK('{LockName}', 0)", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    private sealed class Round
    {
        public int Calls { get; set; }

        public int Enriched { get; set; }

        public int Refreshed { get; set; }

        public int Gone { get; set; }

        public int Deleted { get; set; }

        public string? Problem { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} video(s) no longer returned by videos.list (deleted or private) were removed: {Sample}")]
    private static partial void LogGone(ILogger logger, int count, string sample);

    [LoggerMessage(Level = LogLevel.Warning, Message = "videos.list with key {Fingerprint} of project {Project} failed: {Kind} {Reason}")]
    private static partial void LogCallFailed(ILogger logger, string fingerprint, string project, FailureKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the cached first page after enrichment: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}
