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
    ProjectRegistry projects,
    FaultQueue faults,
    Latency latency,
    CallLog calls,
    Behaviour behaviour,
    Chance chance,
    TimeProvider time,
    ILogger<SearchHandler> logger)
{
    private const string JsonContentType = "application/json; charset=UTF-8";
    private const int ClientClosedRequest = 499;

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

    private async Task<Answer> AnswerAsync(string? key, RecordedCall call, ParsedSearch parsed, CancellationToken aborted)
    {
        await WaitAsync(latency.Delay, aborted);

        if (key is null)
        {
            return Error(GoogleErrors.MissingKey());
        }

        var (access, project) = projects.Check(key);
        switch (access)
        {
            case KeyAccess.Invalid:
                return Error(GoogleErrors.InvalidKey()) with { Project = project };
            case KeyAccess.Expired:
                return Error(GoogleErrors.ExpiredKey()) with { Project = project };
            case KeyAccess.ApiDisabled:
                return Error(GoogleErrors.AccessNotConfigured(project!)) with { Project = project };
        }

        var answer = await AnswerForProjectAsync(project!, call, parsed, aborted);
        return answer with { Project = project };
    }

    private async Task<Answer> AnswerForProjectAsync(string project, RecordedCall call, ParsedSearch parsed, CancellationToken aborted)
    {
        var target = new FaultTarget(call.Query, parsed.Page, call.KeyFingerprint, project);
        var refusal = faults.TryTake(target, kind => kind.IsUncharged());
        switch (refusal?.Kind)
        {
            case FaultKind.RateLimit:
                return Error(GoogleErrors.RateLimitExceeded());
            case FaultKind.ResourceExhausted:
                return Error(GoogleErrors.ResourceExhausted(project)) with { RetryAfter = refusal.RetryAfter };
            case FaultKind.AccessNotConfigured:
                return Error(GoogleErrors.AccessNotConfigured(project));
            case FaultKind.KeyExpired:
                return Error(GoogleErrors.ExpiredKey());
            case FaultKind.QuotaExceeded:
                return Error(GoogleErrors.QuotaExceeded());
        }

        if (RandomRateLimit(project) is { } limited)
        {
            return limited;
        }

        if (projects.TryCharge(project) == ChargeOutcome.QuotaExceeded)
        {
            return Error(GoogleErrors.QuotaExceeded());
        }

        if (parsed.Request is not { } request)
        {
            return Error(parsed.Error ?? throw new UnreachableException("A search without a request has an error."));
        }

        var fault = faults.TryTake(target, kind => !kind.IsUncharged());
        switch (fault?.Kind)
        {
            case FaultKind.Status:
                return Error(GoogleErrors.ForStatus(fault.Status));
            case FaultKind.Forbidden:
                return Error(GoogleErrors.Forbidden());
            case FaultKind.Malformed:
                return Raw(FaultBodies.Malformed, FaultKind.Malformed);
            case FaultKind.UnexpectedShape:
                return Raw(FaultBodies.UnexpectedShape(fault.Variant), FaultKind.UnexpectedShape);
            case FaultKind.Timeout:
                await WaitAsync(fault.Delay, aborted);
                return Found(request, null) with { Reason = FaultKind.Timeout.Name() };
        }

        // A transient failure after the charge: Google bills a call its backend failed to answer.
        if (behaviour.ErrorShare > 0 && chance.Next() < behaviour.ErrorShare)
        {
            return Error(GoogleErrors.ForStatus(StatusCodes.Status503ServiceUnavailable));
        }

        return fault is null ? Found(request, null) : Found(request, fault) with { Reason = fault.Kind.Name() };
    }

    /// <summary>Half the refusals in Google's older YouTube form (403 rateLimitExceeded), half in its newer one
    /// (429 RESOURCE_EXHAUSTED with Retry-After). Neither is charged.</summary>
    private Answer? RandomRateLimit(string project)
    {
        if (behaviour.RateLimitShare <= 0 || chance.Next() >= behaviour.RateLimitShare)
        {
            return null;
        }

        var form = chance.Next();
        return form < 0.25 ? Error(GoogleErrors.RateLimitExceeded("usageLimits"))
            : form < 0.5 ? Error(GoogleErrors.RateLimitExceeded("youtube.quota"))
            : Error(GoogleErrors.ResourceExhausted(project)) with { RetryAfter = chance.Next(1, 6) };
    }

    private Answer Found(SearchRequest request, Fault? oddity)
    {
        var entries = results.For(request);
        var plan = planner.Plan(request, entries.Count, oddity);
        var end = Math.Min(entries.Count, request.Offset + plan.Count);
        var items = new List<SearchResultItem>(Math.Max(0, end - request.Offset));
        for (var index = request.Offset; index < end; index++)
        {
            items.Add(Item(entries[index], request.IncludeSnippet));
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
        return new Answer(StatusCodes.Status200OK, null, TypedResults.Ok(response))
        {
            Items = items.Count,
            NextPageToken = next,
            Oddity = plan.Oddity,
        };
    }

    private static SearchResultItem Item(ResultEntry entry, bool includeSnippet)
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
        var snippet = includeSnippet
            ? new SearchSnippet(
                publishedAt,
                video.ChannelId,
                HtmlText.Escape(title),
                HtmlText.Escape(description),
                thumbnails,
                HtmlText.Escape(video.ChannelTitle),
                "none",
                publishedAt)
            : null;
        return new SearchResultItem(
            "youtube#searchResult",
            Etag.Of(kind, entry.Id, publishedAt, title, description, video.ChannelTitle),
            id,
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
        LogCall(logger, completed.Query, completed.Page, completed.KeyFingerprint ?? "(none)", status, reason ?? "ok", completed.Oddity ?? "none");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "search q={Query} page={Page} key={KeyFingerprint}: {Status} {Reason} (oddity {Oddity})")]
    private static partial void LogCall(ILogger logger, string? query, int? page, string keyFingerprint, int status, string reason, string oddity);

    private sealed record Answer(int Status, string? Reason, IResult Result)
    {
        public string? Project { get; init; }

        public int? Items { get; init; }

        public string? NextPageToken { get; init; }

        public string? Oddity { get; init; }

        /// <summary>Seconds for a Retry-After header; null: none.</summary>
        public int? RetryAfter { get; init; }
    }
}
