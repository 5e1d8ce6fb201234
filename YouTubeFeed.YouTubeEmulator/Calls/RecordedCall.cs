using System.Text.Json.Serialization;

namespace YouTubeFeed.YouTubeEmulator.Calls;

/// <summary>One search call as received, for tests and operators to inspect. Holds a key's fingerprint, never the key.</summary>
/// <param name="At">When the call arrived.</param>
/// <param name="KeyFingerprint">Null when the call had no key.</param>
/// <param name="Query">The raw <c>q</c>.</param>
/// <param name="Page">1-based page derived from the page token and maxResults; null when the token was invalid.</param>
/// <param name="PublishedAfter">The raw parameter, as sent.</param>
/// <param name="Status">The HTTP status answered; null while the call is still in progress; 499 when the client gave up.</param>
/// <param name="Reason">Google's error reason, or the name of the fault that shaped a 200.</param>
internal sealed record RecordedCall(
    DateTimeOffset At,
    string? KeyFingerprint,
    string? Query,
    string? PageToken,
    int? Page,
    int? MaxResults,
    string? PublishedAfter,
    string? PublishedBefore,
    int? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason);
