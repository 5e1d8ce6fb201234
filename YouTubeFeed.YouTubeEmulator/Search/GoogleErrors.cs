using System.Globalization;
using YouTubeFeed.YouTubeEmulator.Realism;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>
/// The error bodies Google sends, word for word where we know them (README, "Errors", cites where each comes
/// from), so clients parse the real thing.
/// </summary>
internal static class GoogleErrors
{
    private const string Service = "youtube.googleapis.com";

    private const string QuotaMessage =
        "The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.";

    private const string RateLimitMessage = "The request cannot be completed because you have exceeded your rate limit.";

    private const string InvalidKeyMessage = "API key not valid. Please pass a valid API key.";

    private const string ExpiredKeyMessage = "API key expired. Please renew the API key.";

    private static readonly Dictionary<string, string> ServiceOnly = new() { ["service"] = Service };

    public static GoogleErrorResponse MissingKey() =>
        Single(403, "The request is missing a valid API key.", "global", "forbidden", status: "PERMISSION_DENIED");

    public static GoogleErrorResponse InvalidKey() => KeyRefused(InvalidKeyMessage, "API_KEY_INVALID");

    public static GoogleErrorResponse ExpiredKey() => KeyRefused(ExpiredKeyMessage, "API_KEY_EXPIRED");

    /// <summary>403 for a project whose YouTube Data API is disabled (or was never enabled).</summary>
    public static GoogleErrorResponse AccessNotConfigured(string project)
    {
        var number = ProjectNumber(project);
        var activation = $"https://console.developers.google.com/apis/api/{Service}/overview?project={number}";
        var message = $"YouTube Data API v3 has not been used in project {number} before or it is disabled. Enable it by visiting "
                      + $"{activation} then retry. If you enabled this API recently, wait a few minutes for the action to "
                      + "propagate to our systems and retry.";
        return new GoogleErrorResponse(new GoogleError(
            403,
            message,
            [new GoogleErrorItem(message, "usageLimits", "accessNotConfigured", ExtendedHelp: "https://console.developers.google.com")],
            "PERMISSION_DENIED",
            [
                ErrorInfoDetail.Of("SERVICE_DISABLED", new Dictionary<string, string>
                {
                    ["activationUrl"] = activation,
                    ["consumer"] = $"projects/{number}",
                    ["containerInfo"] = number,
                    ["service"] = Service,
                    ["serviceTitle"] = "YouTube Data API v3",
                }),
                LocalizedMessageDetail.English(message),
                HelpDetail.Of("Google developers console API activation", activation),
            ]));
    }

    /// <summary>The request-level 403 of YouTube's table of core errors.</summary>
    public static GoogleErrorResponse Forbidden() =>
        Single(403, "Access forbidden. The request may not be properly authorized.", "global", "forbidden");

    public static GoogleErrorResponse QuotaExceeded() => Single(403, QuotaMessage, "youtube.quota", "quotaExceeded");

    /// <param name="domain"><c>usageLimits</c> or <c>youtube.quota</c>: YouTube has sent both.</param>
    public static GoogleErrorResponse RateLimitExceeded(string domain = "usageLimits") =>
        Single(403, RateLimitMessage, domain, "rateLimitExceeded");

    /// <summary>429, Google's current answer to too many requests in a short time (a per-minute quota).</summary>
    public static GoogleErrorResponse ResourceExhausted(string project)
    {
        var number = ProjectNumber(project);
        var message = "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute' of service "
                      + $"'{Service}' for consumer 'project_number:{number}'.";
        return new GoogleErrorResponse(new GoogleError(
            429,
            message,
            [new GoogleErrorItem(message, "global", "rateLimitExceeded")],
            "RESOURCE_EXHAUSTED",
            [
                ErrorInfoDetail.Of("RATE_LIMIT_EXCEEDED", new Dictionary<string, string>
                {
                    ["consumer"] = $"projects/{number}",
                    ["quota_limit"] = "defaultPerMinutePerProject",
                    ["quota_limit_value"] = "1800000",
                    ["quota_location"] = "global",
                    ["quota_metric"] = $"{Service}/default",
                    ["service"] = Service,
                }),
                HelpDetail.Of("Request a higher quota limit.", "https://cloud.google.com/docs/quotas/help/request_increase"),
            ]));
    }

    public static GoogleErrorResponse RequiredParameter(string parameter) =>
        Single(400, $"Required parameter: {parameter}", "global", "required", "INVALID_ARGUMENT", parameter);

    public static GoogleErrorResponse UnknownPart(string part) =>
        Single(400, $"'{part}'", "youtube.part", "unknownPart", "INVALID_ARGUMENT", "part");

    public static GoogleErrorResponse InvalidParameter(string parameter, string message) =>
        Single(400, message, "youtube.parameter", "invalidParameter", "INVALID_ARGUMENT", parameter);

    /// <summary>videos.list without <c>id</c> (nor another filter): Google's body, with location
    /// <c>parameters.</c> and locationType <c>other</c>.</summary>
    public static GoogleErrorResponse NoFilterSelected() =>
        FilterError("No filter selected. Expected one of: chart, id, myRating", "missingRequiredParameter");

    /// <summary>videos.list with more than 50 ids.</summary>
    public static GoogleErrorResponse InvalidFilters() =>
        FilterError("The request specifies an invalid filter parameter.", "invalidFilters");

    public static GoogleErrorResponse InvalidPageToken() =>
        Single(400, "The request specifies an invalid page token.", "youtube.parameter", "invalidPageToken", "INVALID_ARGUMENT", "pageToken");

    /// <summary>The body a fault of kind "status" answers with: a 5xx is Google's backendError.</summary>
    public static GoogleErrorResponse ForStatus(int code) => code switch
    {
        400 => Single(code, "Bad Request", "global", "badRequest", "INVALID_ARGUMENT"),
        401 => Single(code, "Request had invalid authentication credentials.", "global", "authError", "UNAUTHENTICATED"),
        403 => Single(code, "The caller does not have permission", "global", "forbidden", "PERMISSION_DENIED"),
        404 => Single(code, "Requested entity was not found.", "global", "notFound", "NOT_FOUND"),
        429 => Single(code, "Resource has been exhausted (e.g. check quota).", "global", "rateLimitExceeded", "RESOURCE_EXHAUSTED"),
        500 => Single(code, "Internal error encountered.", "global", "backendError", "INTERNAL"),
        503 => Single(code, "The service is currently unavailable.", "global", "backendError", "UNAVAILABLE"),
        504 => Single(code, "The request timed out. Please try again.", "global", "backendError", "DEADLINE_EXCEEDED"),
        >= 500 => Single(code, "Backend Error", "global", "backendError", "INTERNAL"),
        _ => Single(code, "Request failed.", "global", "badRequest", "FAILED_PRECONDITION"),
    };

    /// <summary>A 12-digit project number, always the same for a project name (Google's bodies name the number).</summary>
    public static string ProjectNumber(string project) =>
        (100_000_000_000 + (long)(StableHash.Of(0, "project", project) % 900_000_000_000)).ToString(CultureInfo.InvariantCulture);

    private static GoogleErrorResponse FilterError(string message, string reason) => new(new GoogleError(
        400,
        message,
        [new GoogleErrorItem(message, "youtube.parameter", reason, "parameters.", "other")]));

    private static GoogleErrorResponse KeyRefused(string message, string reason) => new(new GoogleError(
        400,
        message,
        [new GoogleErrorItem(message, "global", "badRequest")],
        "INVALID_ARGUMENT",
        [ErrorInfoDetail.Of(reason, ServiceOnly)]));

    private static GoogleErrorResponse Single(
        int code,
        string message,
        string domain,
        string reason,
        string? status = null,
        string? location = null) =>
        new(new GoogleError(
            code,
            message,
            [new GoogleErrorItem(message, domain, reason, location, location is null ? null : "parameter")],
            status));
}
