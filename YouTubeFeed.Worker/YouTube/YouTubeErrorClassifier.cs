using System.Net;
using System.Text.Json;

namespace YouTubeFeed.Worker.YouTube;

/// <summary>
/// Reads Google's error body (<c>error.code</c>, <c>errors[].reason</c>, <c>status</c>, <c>details[].reason</c>) into a
/// <see cref="FailureKind"/>. Only a key YouTube calls invalid or expired is retired for good; every other refusal
/// passes (see the kinds).
/// </summary>
public static class YouTubeErrorClassifier
{
    private static readonly HashSet<string> QuotaReasons = new(StringComparer.OrdinalIgnoreCase)
    {
        "quotaExceeded", "dailyLimitExceeded", "dailyLimitExceededUnreg", "RATE_LIMIT_EXCEEDED_DAILY",
    };

    private static readonly HashSet<string> RateLimitReasons = new(StringComparer.OrdinalIgnoreCase)
    {
        "rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED", "RESOURCE_EXHAUSTED",
    };

    private static readonly HashSet<string> ApiDisabledReasons = new(StringComparer.OrdinalIgnoreCase)
    {
        "accessNotConfigured", "SERVICE_DISABLED",
    };

    private static readonly HashSet<string> KeyBlockedReasons = new(StringComparer.OrdinalIgnoreCase)
    {
        "API_KEY_SERVICE_BLOCKED", "API_KEY_HTTP_REFERRER_BLOCKED", "API_KEY_IP_ADDRESS_BLOCKED",
        "API_KEY_ANDROID_APP_BLOCKED", "API_KEY_IOS_APP_BLOCKED", "ipRefererBlocked", "keyServiceBlocked",
    };

    private static readonly HashSet<string> InvalidKeyReasons = new(StringComparer.OrdinalIgnoreCase)
    {
        "keyInvalid", "API_KEY_INVALID", "keyExpired", "API_KEY_EXPIRED",
    };

    public static SearchFailure Classify(HttpStatusCode status, TimeSpan? retryAfter, byte[] body)
    {
        var code = (int)status;
        var error = TryRead(body);
        var reasons = (error?.Errors ?? []).Select(e => e.Reason)
            .Concat((error?.Details ?? []).Select(d => d.Reason))
            .Append(error?.Status)
            .OfType<string>()
            .ToList();
        var message = error?.Message ?? status.ToString();
        var detail = $"{code} {string.Join(",", reasons.DefaultIfEmpty("no reason"))}: {message}";
        var first = reasons.FirstOrDefault() ?? code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string Reason(HashSet<string> known) => reasons.FirstOrDefault(known.Contains) ?? first;

        if (reasons.Any(QuotaReasons.Contains))
        {
            return new SearchFailure(FailureKind.QuotaExceeded, code, Reason(QuotaReasons), detail);
        }

        if (status == HttpStatusCode.TooManyRequests || reasons.Any(RateLimitReasons.Contains))
        {
            return new SearchFailure(FailureKind.RateLimited, code, Reason(RateLimitReasons), detail, retryAfter);
        }

        if (reasons.Any(ApiDisabledReasons.Contains))
        {
            return new SearchFailure(FailureKind.ApiDisabled, code, Reason(ApiDisabledReasons), detail);
        }

        if (reasons.Any(KeyBlockedReasons.Contains))
        {
            return new SearchFailure(FailureKind.KeyBlocked, code, Reason(KeyBlockedReasons), detail);
        }

        // "badRequest" alone means a bad parameter; with Google's "API key not valid" message it means the key.
        var badKeyMessage = message.Contains("API key not valid", StringComparison.OrdinalIgnoreCase)
                            || message.Contains("API key expired", StringComparison.OrdinalIgnoreCase);
        if (reasons.Any(InvalidKeyReasons.Contains) || badKeyMessage)
        {
            return new SearchFailure(FailureKind.KeyInvalid, code, Reason(InvalidKeyReasons), detail);
        }

        if (status == HttpStatusCode.Forbidden)
        {
            return new SearchFailure(FailureKind.Forbidden, code, first, detail);
        }

        if (code >= 500 || status == HttpStatusCode.RequestTimeout)
        {
            return new SearchFailure(FailureKind.Transient, code, first, detail);
        }

        return new SearchFailure(FailureKind.Other, code, first, detail);
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
