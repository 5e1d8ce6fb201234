using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Worker.YouTube;

/// <summary>How a failed call is to be handled; each kind decides what happens to the key, its project and the fetch.</summary>
public enum FailureKind
{
    /// <summary>The project's daily quota is spent (<c>quotaExceeded</c>): none of its keys until midnight Pacific time.</summary>
    QuotaExceeded,

    /// <summary>Too many calls too fast (<c>rateLimitExceeded</c>, 429 <c>RESOURCE_EXHAUSTED</c>): the project rests a while.</summary>
    RateLimited,

    /// <summary>
    /// The YouTube Data API is not enabled for the key's project (<c>accessNotConfigured</c>, <c>SERVICE_DISABLED</c>):
    /// the project rests, with growing pauses, until an operator enables it.
    /// </summary>
    ApiDisabled,

    /// <summary>The key is refused by its restrictions (<c>API_KEY_SERVICE_BLOCKED</c>, referrer or IP blocked): the key rests, with growing pauses.</summary>
    KeyBlocked,

    /// <summary>The key does not exist or has expired (<c>keyInvalid</c>, <c>API_KEY_INVALID</c>, <c>API_KEY_EXPIRED</c>): retired for good.</summary>
    KeyInvalid,

    /// <summary>
    /// A 403 that names neither the key nor the quota (<c>forbidden</c>): it may be the request, not the key. The
    /// key rests briefly and the fetch stops, rather than trying the same request with every other key.
    /// </summary>
    Forbidden,

    /// <summary>YouTube or the network failed (5xx, 408, timeout, reset): try again soon.</summary>
    Transient,

    /// <summary>Anything else, such as a bad parameter or an answer we cannot read: try again next time.</summary>
    Other,
}

public static class FailureKinds
{
    /// <summary>
    /// Whether Google bills the call. Google charges every request it processes, invalid ones included; a call
    /// refused before the quota system (bad key, API disabled) or by it (quota, rate limit) costs nothing. Errors
    /// and timeouts are counted as charged: a ledger that counts one call too many keeps a call in reserve, one
    /// that counts too few runs into quotaExceeded.
    /// </summary>
    public static bool IsCharged(this FailureKind kind) =>
        kind is not (FailureKind.QuotaExceeded or FailureKind.RateLimited or FailureKind.ApiDisabled
            or FailureKind.KeyBlocked or FailureKind.KeyInvalid);

    /// <summary>Whether the same request may go on with another key (the refusal was about this key or its project).</summary>
    public static bool TryAnotherKey(this FailureKind kind) =>
        kind is FailureKind.QuotaExceeded or FailureKind.RateLimited or FailureKind.ApiDisabled
            or FailureKind.KeyBlocked or FailureKind.KeyInvalid;
}

public abstract record SearchOutcome;

/// <summary>One page of results, decoded. <see cref="Items"/> counts every result, videos or not.</summary>
public sealed record SearchPage(IReadOnlyList<VideoRecord> Videos, string? NextPageToken, int Items) : SearchOutcome;

/// <summary>A failed call, classified from Google's error body. <see cref="Detail"/> never holds the key.</summary>
public sealed record SearchFailure(FailureKind Kind, int? StatusCode, string Reason, string Detail, TimeSpan? RetryAfter = null) : SearchOutcome;

/// <summary>What one <c>search.list</c> call asks for; both bounds are inclusive, as YouTube reads them.</summary>
public sealed record SearchRequest(string Query, DateTime? PublishedAfter, DateTime? PublishedBefore, string? PageToken, int PageSize);
