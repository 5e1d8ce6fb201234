using System.Net;
using System.Text.Json;

namespace YouTubeFeed.Worker.YouTube;

/// <summary>Reads Google's error body (<c>error.code</c>, <c>errors[].reason</c>, <c>status</c>, <c>details[].reason</c>) into a <see cref="FailureKind"/>.</summary>
public static class YouTubeErrorClassifier
{
    private static readonly HashSet<string> QuotaReasons = new(StringComparer.OrdinalIgnoreCase)
    {
        "quotaExceeded", "dailyLimitExceeded", "dailyLimitExceededUnreg", "RATE_LIMIT_EXCEEDED_DAILY",
    };

    private static readonly HashSet<string> RateLimitReasons = new(StringComparer.OrdinalIgnoreCase)
    {
        "rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED",
    };

    private static readonly HashSet<string> InvalidKeyReasons = new(StringComparer.OrdinalIgnoreCase)
    {
        "keyInvalid", "API_KEY_INVALID", "keyExpired", "API_KEY_EXPIRED", "forbidden", "accessNotConfigured",
        "SERVICE_DISABLED", "API_KEY_SERVICE_BLOCKED", "API_KEY_HTTP_REFERRER_BLOCKED", "API_KEY_IP_ADDRESS_BLOCKED",
        "ipRefererBlocked", "keyServiceBlocked",
    };

    public static SearchFailure Classify(HttpStatusCode status, TimeSpan? retryAfter, byte[] body)
    {
        var code = (int)status;
        var error = TryRead(body);
        var reasons = (error?.Errors ?? []).Select(e => e.Reason)
            .Concat((error?.Details ?? []).Select(d => d.Reason))
            .OfType<string>()
            .ToList();
        var message = error?.Message ?? status.ToString();
        var detail = $"{code} {string.Join(",", reasons.DefaultIfEmpty(error?.Status ?? "no reason"))}: {message}";
        var reason = reasons.FirstOrDefault() ?? error?.Status ?? code.ToString(System.Globalization.CultureInfo.InvariantCulture);

        if (reasons.Any(QuotaReasons.Contains))
        {
            return new SearchFailure(FailureKind.QuotaExceeded, code, reason, detail);
        }

        if (status == HttpStatusCode.TooManyRequests || reasons.Any(RateLimitReasons.Contains))
        {
            return new SearchFailure(FailureKind.RateLimited, code, reason, detail, retryAfter);
        }

        // "badRequest" alone means a bad parameter; with Google's "API key not valid" message it means the key.
        var badKeyMessage = message.Contains("API key not valid", StringComparison.OrdinalIgnoreCase)
                            || message.Contains("API key expired", StringComparison.OrdinalIgnoreCase);
        if (reasons.Any(InvalidKeyReasons.Contains) || badKeyMessage)
        {
            return new SearchFailure(FailureKind.KeyInvalid, code, reasons.FirstOrDefault(InvalidKeyReasons.Contains) ?? reason, detail);
        }

        if (code >= 500 || status == HttpStatusCode.RequestTimeout)
        {
            return new SearchFailure(FailureKind.Transient, code, reason, detail);
        }

        return new SearchFailure(FailureKind.Other, code, reason, detail);
    }

    private static GoogleError? TryRead(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, YouTubeJsonContext.Default.GoogleErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
