namespace YouTubeFeed.YouTubeEmulator.Faults;

internal enum FaultKind
{
    /// <summary>A Google-shaped error body with a chosen status code.</summary>
    Status,

    /// <summary>Waits, then answers normally: exercises client timeouts.</summary>
    Timeout,

    /// <summary>200 with a body that is not JSON.</summary>
    Malformed,

    /// <summary>200 with JSON that lacks <c>items</c> or has them of the wrong type.</summary>
    UnexpectedShape,

    /// <summary>403 rateLimitExceeded, which a client must not confuse with quotaExceeded.</summary>
    RateLimit,

    /// <summary>429 RESOURCE_EXHAUSTED with a Retry-After header: Google's newer "too many requests".</summary>
    ResourceExhausted,

    /// <summary>403 accessNotConfigured / SERVICE_DISABLED, as if the API were disabled for the project.</summary>
    AccessNotConfigured,

    /// <summary>403 forbidden: the request is not properly authorized.</summary>
    Forbidden,

    /// <summary>400 API_KEY_EXPIRED.</summary>
    KeyExpired,

    /// <summary>403 quotaExceeded without touching the ledger.</summary>
    QuotaExceeded,

    /// <summary>200 without items but with a nextPageToken at the same position.</summary>
    EmptyPageWithToken,

    /// <summary>200 whose nextPageToken is the token that asked for it.</summary>
    RepeatedToken,

    /// <summary>200 with fewer items than asked (optional count); the next token continues after them.</summary>
    ShortPage,

    /// <summary>200 without nextPageToken: this page ends the chain.</summary>
    CutChain,
}

internal static class FaultKinds
{
    private static readonly Dictionary<string, FaultKind> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["status"] = FaultKind.Status,
        ["timeout"] = FaultKind.Timeout,
        ["malformed"] = FaultKind.Malformed,
        ["unexpected-shape"] = FaultKind.UnexpectedShape,
        ["rate-limit"] = FaultKind.RateLimit,
        ["resource-exhausted"] = FaultKind.ResourceExhausted,
        ["access-not-configured"] = FaultKind.AccessNotConfigured,
        ["forbidden"] = FaultKind.Forbidden,
        ["key-expired"] = FaultKind.KeyExpired,
        ["quota-exceeded"] = FaultKind.QuotaExceeded,
        ["empty-page-with-token"] = FaultKind.EmptyPageWithToken,
        ["repeated-token"] = FaultKind.RepeatedToken,
        ["short-page"] = FaultKind.ShortPage,
        ["cut-chain"] = FaultKind.CutChain,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out FaultKind kind) => ByName.TryGetValue(name ?? "", out kind);

    public static string Name(this FaultKind kind) => ByName.First(pair => pair.Value == kind).Key;

    /// <summary>Refusals Google does not bill: they are answered before the quota is charged.</summary>
    public static bool IsUncharged(this FaultKind kind) => kind is FaultKind.RateLimit or FaultKind.ResourceExhausted
        or FaultKind.AccessNotConfigured or FaultKind.KeyExpired or FaultKind.QuotaExceeded;

    /// <summary>Faults that shape a 200 page rather than replace it.</summary>
    public static bool IsPageOddity(this FaultKind kind) => kind is FaultKind.EmptyPageWithToken or FaultKind.RepeatedToken
        or FaultKind.ShortPage or FaultKind.CutChain;
}
