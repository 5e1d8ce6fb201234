using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using YouTubeFeed.YouTubeEmulator.Calls;
using YouTubeFeed.YouTubeEmulator.Catalog;
using YouTubeFeed.YouTubeEmulator.Faults;
using YouTubeFeed.YouTubeEmulator.Quota;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>
/// Answers search.list in Google's order of concerns: key, quota (charged before the parameters are looked at,
/// since Google bills failed calls too), parameters, then any injected fault, then the results.
/// </summary>
internal sealed partial class SearchHandler(
    IOptions<EmulatorOptions> options,
    VideoCatalog catalog,
    KeyRegistry keys,
    FaultQueue faults,
    Latency latency,
    CallLog calls,
    TimeProvider time,
    ILogger<SearchHandler> logger)
{
    private const string JsonContentType = "application/json; charset=UTF-8";
    private const int ClientClosedRequest = 499;

    public async Task<Results<Ok<SearchListResponse>, JsonHttpResult<GoogleErrorResponse>, ContentHttpResult>> HandleAsync(
        SearchParameters parameters,
        CancellationToken aborted)
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
            Reason: null);
        var entry = calls.Begin(call);

        try
        {
            var answer = await AnswerAsync(key, parsed, aborted);
            Finish(entry, call, answer.Status, answer.Reason);
            return answer.Result;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            Finish(entry, call, ClientClosedRequest, "clientClosedRequest");
            throw;
        }
    }

    private async Task<Answer> AnswerAsync(string? key, ParsedSearch parsed, CancellationToken aborted)
    {
        await WaitAsync(latency.Delay, aborted);

        if (key is null)
        {
            return Error(GoogleErrors.MissingKey());
        }

        switch (keys.TryCharge(key))
        {
            case ChargeOutcome.Invalid:
                return Error(GoogleErrors.InvalidKey());
            case ChargeOutcome.QuotaExceeded:
                return Error(GoogleErrors.QuotaExceeded());
        }

        if (parsed.Request is not { } request)
        {
            return Error(parsed.Error ?? throw new UnreachableException("A search without a request has an error."));
        }

        var fault = faults.TryTake(request.Query, request.Page);
        switch (fault?.Kind)
        {
            case FaultKind.Status:
                return Error(GoogleErrors.ForStatus(fault.Status));
            case FaultKind.RateLimit:
                return Error(GoogleErrors.RateLimitExceeded());
            case FaultKind.Malformed:
                return Raw(FaultBodies.Malformed, FaultKind.Malformed);
            case FaultKind.UnexpectedShape:
                return Raw(FaultBodies.UnexpectedShape(fault.Variant), FaultKind.UnexpectedShape);
            case FaultKind.Timeout:
                await WaitAsync(fault.Delay, aborted);
                return Found(request) with { Reason = FaultKind.Timeout.Name() };
            default:
                return Found(request);
        }
    }

    private Answer Found(SearchRequest request)
    {
        var slice = catalog.Search(
            request.Query,
            request.PublishedAfter,
            request.PublishedBefore,
            request.Offset,
            request.MaxResults,
            options.Value.MaxTotalResults);

        var items = slice.Items.Select(video => Item(video, request.IncludeSnippet)).ToArray();
        var next = slice.HasMore ? PageToken.Encode(request.Offset + request.MaxResults) : null;
        var previous = request.Offset > 0 ? PageToken.Encode(Math.Max(0, request.Offset - request.MaxResults)) : null;
        var response = new SearchListResponse(
            "youtube#searchListResponse",
            Etag.Of(items.Select(item => item.Etag).Append(next)),
            next,
            previous,
            "US",
            new PageInfo(slice.TotalMatching, request.MaxResults),
            items);
        return new Answer(StatusCodes.Status200OK, null, TypedResults.Ok(response));
    }

    private static SearchResultItem Item(Video video, bool includeSnippet)
    {
        var publishedAt = PublishTime.Format(video.PublishedAt);
        var snippet = includeSnippet
            ? new SearchSnippet(
                publishedAt,
                video.ChannelId,
                HtmlText.Escape(video.Title),
                HtmlText.Escape(video.Description),
                video.Thumbnails,
                HtmlText.Escape(video.ChannelTitle),
                "none",
                publishedAt)
            : null;
        return new SearchResultItem(
            "youtube#searchResult",
            Etag.Of(video.VideoId, publishedAt, video.Title, video.Description, video.ChannelTitle),
            new ResourceId("youtube#video", video.VideoId),
            snippet);
    }

    private static Answer Error(GoogleErrorResponse body) =>
        new(body.Error.Code, body.Error.Errors[0].Reason, TypedResults.Json(body, statusCode: body.Error.Code));

    private static Answer Raw(string body, FaultKind kind) =>
        new(StatusCodes.Status200OK, kind.Name(), TypedResults.Content(body, JsonContentType, Encoding.UTF8, StatusCodes.Status200OK));

    private Task WaitAsync(TimeSpan delay, CancellationToken aborted) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, time, aborted) : Task.CompletedTask;

    private void Finish(CallLog.Entry entry, RecordedCall call, int status, string? reason)
    {
        var completed = call with { Status = status, Reason = reason };
        calls.Complete(entry, completed);
        LogCall(logger, completed.Query, completed.Page, completed.KeyFingerprint ?? "(none)", status, reason ?? "ok");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "search q={Query} page={Page} key={KeyFingerprint}: {Status} {Reason}")]
    private static partial void LogCall(ILogger logger, string? query, int? page, string keyFingerprint, int status, string reason);

    private sealed record Answer(
        int Status,
        string? Reason,
        Results<Ok<SearchListResponse>, JsonHttpResult<GoogleErrorResponse>, ContentHttpResult> Result);
}
