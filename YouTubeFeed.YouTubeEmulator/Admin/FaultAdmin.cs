using Microsoft.AspNetCore.Http.HttpResults;
using YouTubeFeed.YouTubeEmulator.Calls;
using YouTubeFeed.YouTubeEmulator.Faults;

namespace YouTubeFeed.YouTubeEmulator.Admin;

/// <param name="Kind">One of <see cref="FaultKinds.Names"/>.</param>
/// <param name="Status">For "status": the code, 400–599; default 503.</param>
/// <param name="Count">How many matching calls get it; default 1.</param>
/// <param name="OnPage">Only calls for this 1-based page.</param>
/// <param name="Query">Only calls for this topic.</param>
/// <param name="Delay">For "timeout": how long to hold the answer; default 30 s.</param>
/// <param name="Variant">For "unexpected-shape": wrong-type (default) or missing-items.</param>
/// <param name="KeyFingerprint">Only calls with the key of this fingerprint.</param>
/// <param name="Key">The same filter given as a fingerprint or as a key (kept only as its fingerprint).</param>
/// <param name="Project">Only calls with a key of this project.</param>
/// <param name="RetryAfter">For "resource-exhausted": seconds of the Retry-After header; default 5.</param>
/// <param name="Items">For "short-page": how many items the page holds; default a random count below maxResults.</param>
/// <param name="Method"><c>search.list</c> (default) or <c>videos.list</c>: the calls the fault is for.</param>
internal sealed record FaultRequest(
    string? Kind,
    int? Status,
    int? Count,
    int? OnPage,
    string? Query,
    TimeSpan? Delay,
    string? Variant,
    string? KeyFingerprint,
    string? Key,
    string? Project,
    int? RetryAfter,
    int? Items,
    string? Method = null);

internal sealed record FaultView(
    string Kind,
    int Status,
    int Count,
    int? OnPage,
    string? Query,
    TimeSpan Delay,
    string Variant,
    string? KeyFingerprint,
    string? Project,
    int RetryAfter,
    int? Items,
    string Method)
{
    public static FaultView From(Fault fault) => new(
        fault.Kind.Name(),
        fault.Status,
        fault.Count,
        fault.OnPage,
        fault.Query,
        fault.Delay,
        fault.Variant,
        fault.KeyFingerprint,
        fault.Project,
        fault.RetryAfter,
        fault.Items,
        fault.Method);
}

internal sealed record LatencyView(TimeSpan Delay);

internal sealed record LatencyRequest(TimeSpan? Delay);

internal static partial class FaultAdmin
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static void MapFaultAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/faults", Enqueue);
        admin.MapGet("/faults", (FaultQueue faults) => TypedResults.Ok(faults.Pending().Select(FaultView.From).ToArray()));
        admin.MapDelete("/faults", (FaultQueue faults) =>
        {
            faults.Clear();
            return TypedResults.NoContent();
        });

        admin.MapGet("/latency", (Latency latency) => TypedResults.Ok(new LatencyView(latency.Delay)));
        admin.MapPut("/latency", SetLatency);
    }

    private static Results<Ok<FaultView>, ValidationProblem> Enqueue(FaultRequest request, FaultQueue faults)
    {
        var errors = new Dictionary<string, string[]>();
        if (!FaultKinds.TryParse(request.Kind, out var kind))
        {
            errors["kind"] = [$"Must be one of: {string.Join(", ", FaultKinds.Names)}."];
        }

        var status = request.Status ?? StatusCodes.Status503ServiceUnavailable;
        if (status is < 400 or > 599)
        {
            errors["status"] = ["Must be between 400 and 599."];
        }

        var count = request.Count ?? 1;
        if (count < 1)
        {
            errors["count"] = ["Must be at least 1."];
        }

        if (request.OnPage < 1)
        {
            errors["onPage"] = ["Pages count from 1."];
        }

        var delay = request.Delay ?? DefaultTimeout;
        if (delay < TimeSpan.Zero)
        {
            errors["delay"] = ["Must not be negative."];
        }

        var variant = request.Variant ?? Fault.WrongType;
        if (variant is not (Fault.WrongType or Fault.MissingItems))
        {
            errors["variant"] = [$"Must be {Fault.WrongType} or {Fault.MissingItems}."];
        }

        if (request.RetryAfter is < 0 or > 86_400)
        {
            errors["retryAfter"] = ["Must be between 0 and 86400 seconds."];
        }

        if (request.Items is < 0 or > 50)
        {
            errors["items"] = ["Must be between 0 and 50."];
        }

        var method = request.Method ?? ApiMethod.Search;
        if (!ApiMethod.IsKnown(method))
        {
            errors["method"] = [$"Must be {ApiMethod.Search} or {ApiMethod.Videos}."];
        }
        else if (method == ApiMethod.Videos && (kind.IsPageOddity() || request.OnPage is not null || request.Query is not null))
        {
            errors["method"] = ["A videos.list call has no pages nor query: page oddities, onPage and query are for search.list."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = string.IsNullOrWhiteSpace(request.Query) ? null : Catalog.Topics.Normalize(request.Query);
        // Filters name a key by its fingerprint. "key" may be a fingerprint or a key; a key is kept only as its
        // fingerprint, since pending faults are shown by GET /admin/faults.
        var fingerprint = request.KeyFingerprint
                          ?? (request.Key is { } key && !Fingerprint().IsMatch(key) ? KeyFingerprint.Of(key) : request.Key);
        var fault = new Fault(
            kind,
            status,
            count,
            request.OnPage,
            query,
            delay,
            variant,
            string.IsNullOrWhiteSpace(fingerprint) ? null : fingerprint.Trim(),
            string.IsNullOrWhiteSpace(request.Project) ? null : request.Project.Trim(),
            request.RetryAfter ?? Fault.DefaultRetryAfter,
            request.Items,
            method);
        faults.Enqueue(fault);
        return TypedResults.Ok(FaultView.From(fault));
    }

    private static Results<Ok<LatencyView>, ValidationProblem> SetLatency(LatencyRequest request, Latency latency)
    {
        var delay = request.Delay ?? TimeSpan.Zero;
        if (delay < TimeSpan.Zero)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["delay"] = ["Must not be negative."] });
        }

        latency.Delay = delay;
        return TypedResults.Ok(new LatencyView(delay));
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{8}$")]
    private static partial System.Text.RegularExpressions.Regex Fingerprint();
}
