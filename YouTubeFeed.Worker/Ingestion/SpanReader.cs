using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Worker.Coverage;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.Planning;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>
/// Makes one read: asks <c>search.list</c> for a stretch of publish time, newest first, page by page, stores each
/// page as it arrives and records in the query's ledger what the page proved read, so a read that stops anywhere
/// (quota, error, crash, its grant) leaves exactly its unread rest behind.
/// </summary>
/// <remarks>
/// What a page proves does not depend on counting: results come newest first, so a page proves that every video
/// listed between its oldest result and the top of the request has been seen. A read is complete when it sees a
/// video at or below the bottom it must reach; it asks for a known video just below that bottom so that seeing it
/// is the proof. When a chain of pages ends above the bottom (YouTube cuts chains at a varying point below ~500
/// results, and cuts them short after empty pages and repeated tokens too), the read goes on with a new chain below
/// the oldest result; a chain that finds nothing more proves the stretch empty.
/// </remarks>
public sealed partial class SpanReader(
    YouTubeClient client,
    ApiKeyPool keys,
    VideoWriter writer,
    LedgerStore ledgers,
    FetchLease lease,
    IngestionMetrics metrics,
    IOptions<YouTubeClientOptions> clientOptions,
    IOptions<PlannerOptions> plannerOptions,
    TimeProvider timeProvider,
    ILogger<SpanReader> logger)
{
    /// <summary>Empty pages in a row (each with a token) after which a chain is given up and the read goes on below.</summary>
    private const int MaxEmptyPages = 3;

    private static readonly ActivitySource Activity = new(TelemetryNames.ActivitySource);

    public async Task<ReadResult> ReadAsync(FetchWork work, QueryLedger ledger, long fenceToken, CancellationToken cancellationToken)
    {
        using var activity = Activity.StartActivity($"read {work.Kind.ToString().ToLowerInvariant()}");
        activity?.SetTag("youtubefeed.query", work.Query);
        var run = new Run(work, ledger, timeProvider.GetUtcNow().UtcDateTime);
        var maxPages = plannerOptions.Value.MaxPagesPerCycle;
        var (low, high, after) = Bounds(work, ledger, run.StartedAt);
        run.Low = low;
        run.Top = ledger.Top;
        ledger.FirstReadAt ??= run.StartedAt;
        run.FirstReadAt = ledger.FirstReadAt.Value;
        var chain = new Chain(after, high, run.StartedAt);
        ReadEnd? end = null;

        while (end is null)
        {
            // A read of new videos goes on past its grant while its pages bring new videos: while the last page's worth
            // of results held one, so that a short page of known videos between videos listed late does not end it.
            // Even a strict read goes on while YouTube's pages have brought little (short or empty pages), within two
            // more calls.
            var extended = work.Kind == WorkKind.Head && run.Pages < maxPages && (work.Strict
                ? run.Items < QuotaAllocator.PageFill / 2 && run.Calls < work.Grant + 2
                : run.ResultsSinceNew < clientOptions.Value.PageSize);

            // Empty pages do not use up a grant (or the same request would be asked again, and answered the same way,
            // tick after tick); the empty pages allowed in a row and the chains asked again bound them.
            if (run.Calls - run.EmptyPages >= work.Grant && !extended)
            {
                end = ReadEnd.Granted;
                break;
            }

            if (!lease.Holds(fenceToken))
            {
                end = ReadEnd.LeaseLost;
                run.Problem = "the fetch lease passed to another replica";
                break;
            }

            if (keys.TakeKey() is not { } key)
            {
                end = ReadEnd.NoKey;
                run.Problem = keys.Budget().EarliestUsableAt is { } at ? $"no usable API key until {at:u}" : "no usable API key";
                break;
            }

            var request = new SearchRequest(work.Query, chain.After, chain.Before, chain.Token, clientOptions.Value.PageSize);
            if (chain.Pages == 0 && chain.Token is null)
            {
                chain.StartedAt = timeProvider.GetUtcNow().UtcDateTime;
            }

            var outcome = await client.SearchAsync(request, key.Value, cancellationToken);
            await keys.RecordAsync(key, outcome, cancellationToken);
            if (outcome is SearchFailure failure)
            {
                if (failure.Kind.IsCharged())
                {
                    run.Calls++;
                }

                LogCallFailed(logger, work.Query, work.Kind, key.Fingerprint, key.Project, failure.Kind, failure.Detail);
                if (failure.Kind.TryAnotherKey())
                {
                    continue; // the same page with the next usable key, if any
                }

                if (failure.Kind == FailureKind.Transient && !run.Retried)
                {
                    run.Retried = true; // once: a retry costs the same quota as the call
                    continue;
                }

                end = ReadEnd.Failed;
                run.Problem = $"{failure.Kind} ({failure.Reason})";
                break;
            }

            run.Calls++;
            run.Retried = false;
            var page = (SearchPage)outcome;
            LogPage(logger, work.Query, request.PublishedAfter, request.PublishedBefore, request.PageToken is not null, page.Items,
                page.Videos.Count == 0 ? null : page.Videos.Max(v => v.PublishedAt), page.Videos.Count == 0 ? null : page.Videos.Min(v => v.PublishedAt),
                page.NextPageToken is not null);
            end = await TakePageAsync(run, chain, page, fenceToken, cancellationToken);
        }

        var result = new ReadResult(work, end.Value, run.Calls, run.Pages, run.NewVideos, run.Changed, run.Problem);
        metrics.Read(work, result);
        activity?.SetTag("youtubefeed.calls", run.Calls);
        activity?.SetTag("youtubefeed.new_videos", run.NewVideos);
        if (end is ReadEnd.Reached or ReadEnd.Granted)
        {
            LogRead(logger, work.Kind, work.Query, end.Value, run.Pages, run.Calls, run.NewVideos, ledger.Top);
        }
        else
        {
            activity?.SetStatus(ActivityStatusCode.Error, run.Problem);
            LogStopped(logger, work.Kind, work.Query, end.Value, run.Problem ?? "", run.Pages, run.NewVideos);
        }

        return result;
    }

    /// <summary>
    /// What a read must cover, <c>(low, high]</c>, and what it asks for: <c>publishedAfter</c> a known video at or
    /// below <c>low</c> (plus, for new videos, a few more known ones if the first page has room), up to <c>high</c>.
    /// </summary>
    private (DateTime? Low, DateTime? High, DateTime? After) Bounds(FetchWork work, QueryLedger ledger, DateTime now)
    {
        switch (work.Kind)
        {
            case WorkKind.FirstRead:
                return (null, null, null);
            case WorkKind.Backfill:
                // A first read that stopped early goes on below what it read.
                return (null, ledger.Read.Above.Bottom, null);
            case WorkKind.Head:
                var top = ledger.Top ?? now;
                var reachDown = top - plannerOptions.Value.WatermarkOverlap;
                var expectedNew = ledger.Rate.Expected(new Span(top, now));
                var alreadyKnown = ledger.KnownWithin(new Span(reachDown, top));
                var room = (int)Math.Max(0, QuotaAllocator.PageFill - expectedNew - alreadyKnown);
                return (reachDown, null, ledger.RequestAfterFor(reachDown, room));
            default:
                var target = work.Target!.Value;
                return (target.Low, target.High, ledger.RequestAfterFor(target.Low, 0));
        }
    }

    private async Task<ReadEnd?> TakePageAsync(Run run, Chain chain, SearchPage page, long fenceToken, CancellationToken cancellationToken)
    {
        run.Pages++;
        run.Items += page.Items;
        run.EmptyPages += page.Items == 0 ? 1 : 0;
        chain.Pages++;
        var ledger = run.Ledger;
        // An empty page says nothing new about what lies below: the previous page's judgement stands.
        if (page.Videos.Count > 0)
        {
            run.LateOnLastPage = false;
            var stored = await writer.UpsertAsync(page.Videos, cancellationToken);
            run.NewVideos += stored.Inserted;
            run.Changed += stored.Updated;
            run.CountSinceNew(page, stored);
            var byId = page.Videos.ToDictionary(v => v.VideoId, v => v.PublishedAt, StringComparer.Ordinal);
            foreach (var id in stored.InsertedIds)
            {
                ledger.Rate.CountNew(byId[id]);
            }

            // The page ends in new videos below the watermark (listed after the last read had passed them): more
            // such may lie just below, so a read of new videos goes on past its bottom.
            var bottom = page.Videos.MinBy(v => v.PublishedAt)!;
            run.LateOnLastPage = run.Work.Kind == WorkKind.Head && run.Top is { } top && bottom.PublishedAt <= top
                && stored.InsertedIds.Contains(bottom.VideoId, StringComparer.Ordinal);

            ledger.AddSeen(page.Videos.Select(v => v.PublishedAt));
            if (run.Work.Kind == WorkKind.Sweep)
            {
                // Late: new, though its publish time had been read before (a sweep over a stretch never read finds
                // videos that are merely unread).
                var late = stored.InsertedIds.Count(id => ledger.Read.Contains(byId[id]));
                ledger.Late.Add(page.Videos.Count(v => ledger.Read.Contains(v.PublishedAt)), late);
            }

            foreach (var video in page.Videos)
            {
                chain.Seen.Add(QueryLedger.ToSeconds(video.PublishedAt));
            }

            var oldest = page.Videos.Min(v => v.PublishedAt);
            chain.Oldest = chain.Oldest is { } o && o < oldest ? o : oldest;
            var newest = page.Videos.Max(v => v.PublishedAt);
            ledger.Rate.ObservePage(page.Videos.Count, oldest, newest);
            chain.Newest = chain.Newest is { } n && n > newest ? n : newest;
        }

        // Everything listed between the chain's oldest result and its top has been seen.
        if (chain.Oldest is { } chainOldest)
        {
            ledger.RecordRead(new Span(chainOldest, chain.Top), chain.StartedAt);
        }

        if (chain.Before is null && chain.Pages == 1)
        {
            // The newest videos have been read, even if the read stops before the watermark: the planner counts
            // the time to the next read from here, and the unread rest is a gap.
            ledger.LastHeadAt = chain.StartedAt;
        }

        if (run.Low is { } low && chain.Oldest is { } reached && reached <= low && !run.LateOnLastPage)
        {
            if (run.Work.Kind == WorkKind.Head && run.Top is { } top && chain.Top > top)
            {
                // Every video published since the last read is in: an exact count for the rate.
                ledger.Rate.ObserveCount(run.NewVideos, top, chain.Top);
            }

            ledger.ForgetUnseen(new Span(reached, chain.Top), chain.Seen);
            return await SaveAsync(run, fenceToken, ReadEnd.Reached, cancellationToken);
        }

        var next = page.NextPageToken;
        string? odd = null;
        if (next is not null)
        {
            if (!chain.Tokens.Add(next))
            {
                odd = "a page token repeated";
            }
            else if (page.Items == 0 && ++chain.EmptyPages >= MaxEmptyPages)
            {
                odd = $"{MaxEmptyPages} empty pages in a row";
            }
            else
            {
                if (page.Items > 0)
                {
                    chain.EmptyPages = 0;
                }

                chain.Token = next;
                return await SaveAsync(run, fenceToken, null, cancellationToken);
            }

            metrics.OddPage(run.Work.Query, odd);
            LogOddPages(logger, run.Work.Query, odd, chain.Pages);
        }

        // The chain ended: naturally (no token), or because its pages led nowhere.
        if (odd is not null && chain.Oldest is null)
        {
            // Nothing at all came back, only odd pages: that proves nothing about the stretch. Ask again with other
            // parameters, which makes it another chain for YouTube; after that, leave it to the next tick.
            if (++run.OddRestarts > 2)
            {
                run.Problem = odd;
                return await SaveAsync(run, fenceToken, ReadEnd.OddPages, cancellationToken);
            }

            var other = run.Low is null
                ? new Chain(chain.After, (chain.Before ?? chain.StartedAt).AddSeconds(-1), chain.StartedAt)
                : new Chain(ledger.RequestAfterFor((chain.After ?? run.Low.Value).AddSeconds(-1), 0), chain.Before, chain.StartedAt);
            LogAskedAgain(logger, run.Work.Query, chain.Pages, odd);
            chain.Reset(other);
            return await SaveAsync(run, fenceToken, null, cancellationToken);
        }

        if (run.Low is null)
        {
            // A first read takes what one chain gives (YouTube's cap of ~500 results is its depth); an odd chain goes on below.
            if (odd is null)
            {
                ledger.SetFloor(chain.Oldest ?? chain.Before ?? chain.StartedAt, run.FirstReadAt);
                return await SaveAsync(run, fenceToken, ReadEnd.Reached, cancellationToken);
            }
        }
        else if (chain.Oldest is null || (chain.Before is { } before && chain.Oldest >= before))
        {
            // Nothing (or nothing but the results at the chain's own top second) down to publishedAfter: the stretch is empty.
            var bottom = chain.After ?? run.Low.Value;
            ledger.RecordRead(new Span(bottom.AddTicks(-1), chain.Top), chain.StartedAt);
            ledger.ForgetUnseen(new Span(bottom.AddTicks(-1), chain.Top), chain.Seen);
            return await SaveAsync(run, fenceToken, ReadEnd.Reached, cancellationToken);
        }

        // Ended above the bottom: cut short. Go on with a new chain below the oldest result (inclusive: results at
        // that same second may not all have been listed yet).
        LogChainCut(logger, run.Work.Query, chain.Pages, chain.Oldest!.Value, odd ?? "no next page");
        var continued = new Chain(chain.After, chain.Oldest, chain.StartedAt);
        chain.Reset(continued);
        return await SaveAsync(run, fenceToken, null, cancellationToken);
    }

    private async Task<ReadEnd?> SaveAsync(Run run, long fenceToken, ReadEnd? end, CancellationToken cancellationToken)
    {
        var ledger = run.Ledger;
        if (run.Work.Kind == WorkKind.Sweep && end == ReadEnd.Reached && run.Work.SweepAge is { } age)
        {
            ledger.LastSweepAt[age] = run.StartedAt;
        }

        var complete = !ledger.IsBackfilling && ledger.Gaps().Count == 0;
        if (await ledgers.SaveAsync(ledger, fenceToken, complete, cancellationToken))
        {
            return end;
        }

        run.Problem = "a newer fetcher wrote the ledger (the fetch lease passed on)";
        return ReadEnd.LeaseLost;
    }

    private sealed class Run(FetchWork work, QueryLedger ledger, DateTime startedAt)
    {
        public FetchWork Work { get; } = work;
        public QueryLedger Ledger { get; } = ledger;
        public DateTime StartedAt { get; } = startedAt;
        public DateTime? Low { get; set; }

        /// <summary>When the query was first read (this run, for a first read).</summary>
        public DateTime FirstReadAt { get; set; }

        /// <summary>For a read of new videos: the watermark before it.</summary>
        public DateTime? Top { get; set; }

        /// <summary>Results read after the last new video, in YouTube's order; null before the first new video.</summary>
        public int? ResultsSinceNew { get; private set; }

        /// <summary>The last page of a read of new videos brought videos below the watermark (listed late): read on.</summary>
        public bool LateOnLastPage { get; set; }

        public int Calls { get; set; }
        public int Pages { get; set; }

        /// <summary>Results on all its pages, videos or not.</summary>
        public int Items { get; set; }

        /// <summary>Pages with no result at all.</summary>
        public int EmptyPages { get; set; }

        /// <summary>Chains asked again with other parameters after they brought nothing but odd pages.</summary>
        public int OddRestarts { get; set; }

        public int NewVideos { get; set; }
        public int Changed { get; set; }
        public bool Retried { get; set; }
        public string? Problem { get; set; }

        public void CountSinceNew(SearchPage page, UpsertResult stored)
        {
            var inserted = stored.InsertedIds.ToHashSet(StringComparer.Ordinal);
            var lastNew = -1;
            for (var i = 0; i < page.Videos.Count; i++)
            {
                lastNew = inserted.Contains(page.Videos[i].VideoId) ? i : lastNew;
            }

            ResultsSinceNew = lastNew >= 0 ? page.Videos.Count - 1 - lastNew : ResultsSinceNew + page.Items;
        }
    }

    /// <summary>One chain of pages: one request's parameters, followed by its tokens.</summary>
    private sealed class Chain(DateTime? after, DateTime? before, DateTime startedAt)
    {
        public DateTime? After { get; private set; } = after;

        /// <summary>publishedBefore (inclusive); null: up to now.</summary>
        public DateTime? Before { get; private set; } = before;

        /// <summary>When its first page was asked for: the instant its pages prove things about.</summary>
        public DateTime StartedAt { get; set; } = startedAt;

        /// <summary>
        /// The top of what the chain's pages prove read: its publishedBefore, or for a chain up to now, the later of
        /// when it started and its newest result (YouTube's clock may run ahead of ours).
        /// </summary>
        public DateTime Top => Before ?? (Newest is { } newest && newest > StartedAt ? newest : StartedAt);

        public DateTime? Newest { get; set; }

        public string? Token { get; set; }

        public int Pages { get; set; }

        public int EmptyPages { get; set; }

        public DateTime? Oldest { get; set; }

        public HashSet<string> Tokens { get; private set; } = new(StringComparer.Ordinal);

        public HashSet<long> Seen { get; private set; } = [];

        public void Reset(Chain next)
        {
            After = next.After;
            Before = next.Before;
            Token = null;
            Pages = 0;
            EmptyPages = 0;
            Oldest = null;
            Newest = null;
            Tokens = new(StringComparer.Ordinal);
            Seen = [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "search.list for '{Query}' ({Kind}) with key {Fingerprint} of project {Project} failed: {Failure}: {Detail}")]
    private static partial void LogCallFailed(ILogger logger, string query, WorkKind kind, string fingerprint, string project, FailureKind failure, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {Kind} of '{Query}': {End} after {Pages} page(s), {Calls} call(s), {NewVideos} new video(s); watermark {Top:u}")]
    private static partial void LogRead(ILogger logger, WorkKind kind, string query, ReadEnd end, int pages, int calls, int newVideos, DateTime? top);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read {Kind} of '{Query}' stopped: {End} ({Problem}) after {Pages} page(s) and {NewVideos} new video(s); the unread rest stays in the ledger")]
    private static partial void LogStopped(ILogger logger, WorkKind kind, string query, ReadEnd end, string problem, int pages, int newVideos);

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube's chain for '{Query}' ended above its bottom after {Pages} page(s) ({Why}); going on below {Oldest:u}")]
    private static partial void LogChainCut(ILogger logger, string query, int pages, DateTime oldest, string why);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Page of '{Query}' (after {After:u}, before {Before:u}, token {HasToken}): {Items} item(s), {Newest:u} to {Oldest:u}, next token {HasNext}")]
    private static partial void LogPage(ILogger logger, string query, DateTime? after, DateTime? before, bool hasToken, int items, DateTime? newest, DateTime? oldest, bool hasNext);

    [LoggerMessage(Level = LogLevel.Information, Message = "YouTube's chain for '{Query}' brought nothing but odd pages after {Pages} page(s) ({Why}); asking again with other parameters")]
    private static partial void LogAskedAgain(ILogger logger, string query, int pages, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Odd pages from YouTube for '{Query}': {What} (page {Page} of the chain)")]
    private static partial void LogOddPages(ILogger logger, string query, string what, int page);
}
