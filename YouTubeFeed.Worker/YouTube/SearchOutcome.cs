using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Worker.YouTube;

/// <summary>How a failed call is to be handled; each kind decides what happens to the key and the cycle.</summary>
public enum FailureKind
{
    /// <summary>The key's daily quota is spent: not used again until midnight Pacific time.</summary>
    QuotaExceeded,

    /// <summary>Too many calls too fast: the key rests for a while.</summary>
    RateLimited,

    /// <summary>The key is wrong, blocked or not enabled for the API: never used again.</summary>
    KeyInvalid,

    /// <summary>YouTube or the network failed (5xx, timeout, reset) even after retries: try again next cycle.</summary>
    Transient,

    /// <summary>Anything else, such as an answer we cannot read: try again next cycle.</summary>
    Other,
}

public abstract record SearchOutcome;

/// <summary>One page of results, decoded.</summary>
public sealed record SearchPage(IReadOnlyList<VideoRecord> Videos, string? NextPageToken) : SearchOutcome;

/// <summary>A failed call, classified from Google's error body. <see cref="Detail"/> never holds the key.</summary>
public sealed record SearchFailure(FailureKind Kind, int? StatusCode, string Reason, string Detail, TimeSpan? RetryAfter = null) : SearchOutcome;

/// <summary>What one <c>search.list</c> call asks for.</summary>
public sealed record SearchRequest(string Query, DateTime? PublishedAfter, DateTime? PublishedBefore, string? PageToken, int PageSize);
