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
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out FaultKind kind) => ByName.TryGetValue(name ?? "", out kind);

    public static string Name(this FaultKind kind) => ByName.First(pair => pair.Value == kind).Key;
}
