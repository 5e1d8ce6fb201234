using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>
/// One query's fetch: everything published after its watermark (less an overlap for YouTube's indexing
/// delay), newest first, page by page, each page stored as it arrives. The watermark moves only when the
/// cycle reaches its end, so a crash, timeout or error on any page leaves the next cycle to fetch the same
/// window again: stored pages are upserted again (no duplicates), missing ones are fetched (no gaps).
/// </summary>
public sealed partial class FetchCycle(
    YouTubeClient client,
    ApiKeyPool keys,
    VideoWriter writer,
    WatermarkStore watermarks,
    FetchLease lease,
    IngestionStatus status,
    IngestionMetrics metrics,
    IOptions<YouTubeOptions> options,
    TimeProvider timeProvider,
    ILogger<FetchCycle> logger)
{
    /// <summary>
    /// YouTube stops a search after about 500 results. A chain of pages that ended at least this deep may
    /// have been cut short rather than have reached the watermark.
    /// </summary>
    internal const int ResultCapThreshold = 450;

    private static readonly ActivitySource Activity = new(TelemetryNames.ActivitySource);

    public async Task<CycleResult> RunAsync(string query, long fenceToken, CancellationToken cancellationToken)
    {
        using var activity = Activity.StartActivity("fetch cycle");
        activity?.SetTag("youtubefeed.query", query);
        var started = timeProvider.GetTimestamp();
        var settings = options.Value;
        var state = await watermarks.GetAsync(query, cancellationToken);
        var watermark = state.Watermark;
        if (watermark is { } known)
        {
            status.Watermark(query, known);
        }

        var request = new SearchRequest(query, watermark - settings.WatermarkOverlap, null, null, settings.PageSize);
        var newest = watermark;
        DateTime? oldestInChain = null;
        var resultsInChain = 0;
        int calls = 0, pages = 0, newVideos = 0;
        string? problem = null;
        var completed = false;

        while (!completed && problem is null)
        {
            if (pages >= settings.MaxPagesPerCycle)
            {
                problem = $"stopped after {pages} pages (YouTube:MaxPagesPerCycle)";
                break;
            }

            if (await lease.TryHoldAsync() != fenceToken)
            {
                problem = "the fetch lease passed to another replica";
                break;
            }

            if (await keys.NextUsableAsync() is not { } key)
            {
                problem = "no usable API key";
                break;
            }

            var outcome = await client.SearchAsync(request, key.Value, cancellationToken);
            calls++;
            await keys.RecordAsync(key, outcome);
            if (outcome is SearchFailure failure)
            {
                metrics.Call(failure.Kind.ToString());
                LogCallFailed(logger, query, pages + 1, key.Fingerprint, failure.Kind, failure.Detail);
                if (failure.Kind is FailureKind.QuotaExceeded or FailureKind.RateLimited or FailureKind.KeyInvalid)
                {
                    continue; // the same page, with the next key
                }

                problem = $"page {pages + 1}: {failure.Kind} ({failure.Reason})";
                break;
            }

            metrics.Call("ok");
            var page = (SearchPage)outcome;
            pages++;
            var stored = await writer.UpsertAsync(page.Videos, cancellationToken);
            newVideos += stored.Inserted;
            resultsInChain += page.Videos.Count;
            if (page.Videos.Count > 0)
            {
                var pageNewest = page.Videos.Max(v => v.PublishedAt);
                var pageOldest = page.Videos.Min(v => v.PublishedAt);
                newest = newest is null || pageNewest > newest ? pageNewest : newest;
                oldestInChain = oldestInChain is null || pageOldest < oldestInChain ? pageOldest : oldestInChain;

                // A page of videos we already had, reaching back to the watermark: the rest is known.
                if (stored.Inserted == 0 && watermark is not null && pageOldest <= watermark)
                {
                    completed = true;
                    break;
                }
            }

            if (page.NextPageToken is not null)
            {
                request = request with { PageToken = page.NextPageToken };
            }
            else if (watermark is not null && resultsInChain >= ResultCapThreshold && oldestInChain > watermark)
            {
                // The search was cut at YouTube's result cap before it reached the watermark: ask for what
                // lies between, older than the oldest seen (inclusive, so nothing at that instant is skipped).
                LogResultCap(logger, query, resultsInChain, oldestInChain.Value);
                request = request with { PublishedBefore = oldestInChain, PageToken = null };
                resultsInChain = 0;
                oldestInChain = null;
            }
            else
            {
                completed = true;
            }
        }

        if (completed && newest is { } reached && (watermark is null || reached > watermark))
        {
            if (await watermarks.TryAdvanceAsync(query, reached, fenceToken, cancellationToken))
            {
                status.Watermark(query, reached);
            }
            else
            {
                completed = false;
                problem = "a newer fetcher advanced the watermark first";
            }
        }

        var elapsed = timeProvider.GetElapsedTime(started);
        metrics.Cycle(query, completed ? "completed" : "incomplete", elapsed);
        if (newVideos > 0)
        {
            metrics.Stored(query, newVideos);
        }

        activity?.SetTag("youtubefeed.calls", calls);
        activity?.SetTag("youtubefeed.new_videos", newVideos);
        if (problem is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, problem);
            LogIncomplete(logger, query, problem, pages, newVideos);
        }
        else
        {
            LogCompleted(logger, query, pages, calls, newVideos, elapsed.TotalMilliseconds);
        }

        return new CycleResult(query, completed, calls, pages, newVideos, problem);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "search.list for '{Query}' page {Page} with key {Fingerprint} failed: {Kind}: {Detail}")]
    private static partial void LogCallFailed(ILogger logger, string query, int page, string fingerprint, FailureKind kind, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched '{Query}': {Pages} page(s), {Calls} call(s), {NewVideos} new video(s) in {Milliseconds:F0} ms")]
    private static partial void LogCompleted(ILogger logger, string query, int pages, int calls, int newVideos, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetch of '{Query}' stopped early ({Problem}) after {Pages} page(s) and {NewVideos} new video(s); the next cycle fetches the same window again")]
    private static partial void LogIncomplete(ILogger logger, string query, string problem, int pages, int newVideos);

    [LoggerMessage(Level = LogLevel.Information, Message = "'{Query}' reached YouTube's result cap after {Results} results; continuing before {Oldest:u}")]
    private static partial void LogResultCap(ILogger logger, string query, int results, DateTime oldest);
}
