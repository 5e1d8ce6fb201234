namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>The error bodies Google sends, word for word where we know them, so clients parse the real thing.</summary>
internal static class GoogleErrors
{
    private const string QuotaMessage =
        "The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.";

    private const string InvalidKeyMessage = "API key not valid. Please pass a valid API key.";

    public static GoogleErrorResponse MissingKey() =>
        Single(403, "The request is missing a valid API key.", "global", "forbidden", status: "PERMISSION_DENIED");

    public static GoogleErrorResponse InvalidKey() => new(new GoogleError(
        400,
        InvalidKeyMessage,
        [new GoogleErrorItem(InvalidKeyMessage, "global", "badRequest")],
        "INVALID_ARGUMENT",
        [
            new GoogleErrorDetail(
                "type.googleapis.com/google.rpc.ErrorInfo",
                "API_KEY_INVALID",
                "googleapis.com",
                new Dictionary<string, string> { ["service"] = "youtube.googleapis.com" }),
        ]));

    public static GoogleErrorResponse QuotaExceeded() => Single(403, QuotaMessage, "youtube.quota", "quotaExceeded");

    public static GoogleErrorResponse RateLimitExceeded() =>
        Single(403, "The request cannot be completed because you have exceeded your rate limit.", "usageLimits", "rateLimitExceeded");

    public static GoogleErrorResponse RequiredParameter(string parameter) =>
        Single(400, $"Required parameter: {parameter}", "global", "required", "INVALID_ARGUMENT", parameter);

    public static GoogleErrorResponse UnknownPart(string part) =>
        Single(400, $"'{part}'", "youtube.part", "unknownPart", "INVALID_ARGUMENT", "part");

    public static GoogleErrorResponse InvalidParameter(string parameter, string message) =>
        Single(400, message, "youtube.parameter", "invalidParameter", "INVALID_ARGUMENT", parameter);

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
