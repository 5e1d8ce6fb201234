using System.Diagnostics;
using System.Globalization;
using System.Text;
using YouTubeFeed.YouTubeEmulator.Calls;
using YouTubeFeed.YouTubeEmulator.Catalog;
using YouTubeFeed.YouTubeEmulator.Faults;
using YouTubeFeed.YouTubeEmulator.Quota;
using YouTubeFeed.YouTubeEmulator.Realism;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>
/// Answers search.list in Google's order of concerns: key and project (refusals that cost nothing: invalid or
/// expired key, API disabled, rate limits), quota (charged before the parameters are looked at, since Google
/// bills invalid calls too), parameters, then any injected or random failure, then the page.
/// </summary>
internal sealed partial class SearchHandler(
    ResultList results,
    PagePlanner planner,
    CallGate gate,
    CallLog calls,
    TimeProvider time,
    ILogger<SearchHandler> logger)
{
    private const int ClientClosedRequest = 499;

    private static readonly FaultBodySet Bodies = new(FaultBodies.Malformed, FaultBodies.UnexpectedShape);

    public async Task<IResult> HandleAsync(SearchParameters parameters, HttpResponse response, CancellationToken aborted)
    {
        var key = parameters.Key;
        var parsed = SearchRequestParser.Parse(parameters);
        var call = new RecordedCall(
            time.GetUtcNow(),
            key is null ? null : KeyFingerprint.Of(key),
            parameters.Q,
            parameters.PageToken,
            parsed.Page,
            parsed.MaxResults,
            parameters.PublishedAfter,
            parameters.PublishedBefore,
            Status: null,
            Reason: null,
            Order: parameters.Order,
            Type: parameters.Type);
        var entry = calls.Begin(call);

        try
        {
            var answer = await AnswerAsync(key, call, parsed, aborted);
            if (answer.RetryAfter is { } seconds)
            {
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            Finish(entry, call with
            {
                Project = answer.Project,
                Items = answer.Items,
                NextPageToken = answer.NextPageToken,
                Oddity = answer.Oddity,
            }, answer.Status, answer.Reason);
            return answer.Result;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            Finish(entry, call, ClientClosedRequest, "clientClosedRequest");
            throw;
        }
    }

    private async Task<ApiAnswer> AnswerAsync(string? key, RecordedCall call, ParsedSearch parsed, CancellationToken aborted)
    {
        var admission = await gate.AdmitAsync(key, ApiMethod.Search, call.Query, parsed.Page, QuotaBucket.Search, aborted);
        if (admission.Refusal is { } refusal)
        {
            return refusal;
        }

        var answer = await AnswerChargedAsync(admission.Target!, parsed, aborted);
        return answer with { Project = admission.Project };
    }

    private async Task<ApiAnswer> AnswerChargedAsync(FaultTarget target, ParsedSearch parsed, CancellationToken aborted)
    {
        if (parsed.Request is not { } request)
        {
            return ApiAnswer.Error(parsed.Error ?? throw new UnreachableException("A search without a request has an error."));
        }

        var (forced, fault) = await gate.TakeChargedFaultAsync(target, Bodies, aborted);
        if (forced is not null)
        {
            return forced;
        }

        if (fault?.Kind == FaultKind.Timeout)
        {
            return Found(request, null) with { Reason = FaultKind.Timeout.Name() };
        }

        if (gate.RandomBackendError() is { } failed)
        {
            return failed;
        }

        return fault is null ? Found(request, null) : Found(request, fault) with { Reason = fault.Kind.Name() };
    }

    private ApiAnswer Found(SearchRequest request, Fault? oddity)
    {
        var now = time.GetUtcNow();
        var entries = results.For(request);
        var plan = planner.Plan(request, entries.Count, oddity);
        var end = Math.Min(entries.Count, request.Offset + plan.Count);
        var items = new List<SearchResultItem>(Math.Max(0, end - request.Offset));
        for (var index = request.Offset; index < end; index++)
        {
            items.Add(Item(entries[index], request.IncludeSnippet, now));
        }

        var next = plan.Next is { } position ? PageToken.Encode(position) : null;
        var previous = request.Page > 1
            ? PageToken.Encode(new PagePosition(Math.Max(0, request.Offset - request.MaxResults), request.Page - 1, request.Chain))
            : null;
        var response = new SearchListResponse(
            "youtube#searchListResponse",
            Etag.Of(items.Select(item => item.Etag).Append(next)),
            next,
            previous,
            "US",
            new PageInfo(entries.Count, request.MaxResults),
            items);
        return new ApiAnswer(StatusCodes.Status200OK, null, TypedResults.Ok(response))
        {
            Items = items.Count,
            NextPageToken = next,
            Oddity = plan.Oddity,
        };
    }

    private static SearchResultItem Item(ResultEntry entry, bool includeSnippet, DateTimeOffset now)
    {
        var video = entry.Anchor;
        var (kind, id) = entry.Type switch
        {
            ResultTypes.Channel => ("youtube#channel", new ResourceId("youtube#channel", null, ChannelId: entry.Id)),
            ResultTypes.Playlist => ("youtube#playlist", new ResourceId("youtube#playlist", null, PlaylistId: entry.Id)),
            _ => ("youtube#video", new ResourceId("youtube#video", entry.Id)),
        };
        var (title, description, published, thumbnails) = entry.Type == ResultTypes.Video
            ? (video.Title, video.Description, video.PublishedAt, video.Thumbnails)
            : SyntheticResults.Describe(entry);
        var publishedAt = PublishTime.Format(published);
        // The same as videos.list says of the video at this moment; channels and playlists are never live here.
        var live = entry.Type == ResultTypes.Video ? video.Details.LiveAt(now).BroadcastContent() : "none";
        var snippet = includeSnippet
            ? new SearchSnippet(
                publishedAt,
                video.ChannelId,
                HtmlText.Escape(title),
                HtmlText.Escape(description),
                thumbnails,
                HtmlText.Escape(video.ChannelTitle),
                live,
                publishedAt)
            : null;
        return new SearchResultItem(
            "youtube#searchResult",
            Etag.Of(kind, entry.Id, publishedAt, title, description, video.ChannelTitle, live),
            id,
            snippet);
    }

    private void Finish(CallLog.Entry entry, RecordedCall call, int status, string? reason)
    {
        var completed = call with { Status = status, Reason = reason };
        calls.Complete(entry, completed);
        LogCall(logger, completed.Query, completed.Page, completed.KeyFingerprint ?? "(none)", status, reason ?? "ok", completed.Oddity ?? "none");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "search q={Query} page={Page} key={KeyFingerprint}: {Status} {Reason} (oddity {Oddity})")]
    private static partial void LogCall(ILogger logger, string? query, int? page, string keyFingerprint, int status, string reason, string oddity);
}
