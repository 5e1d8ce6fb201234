using System.Text.Json.Serialization;

namespace YouTubeFeed.YouTubeEmulator.Calls;

/// <summary>One API call as received, for tests and operators to inspect. Holds a key's fingerprint, never the key.
/// A videos.list call has no query, page token, page nor date bounds.</summary>
/// <param name="At">When the call arrived.</param>
/// <param name="KeyFingerprint">Null when the call had no key.</param>
/// <param name="Query">The raw <c>q</c>.</param>
/// <param name="Page">1-based page of its chain, from the page token; null when the token was invalid.</param>
/// <param name="PublishedAfter">The raw parameter, as sent.</param>
/// <param name="Status">The HTTP status answered; null while the call is still in progress; 499 when the client gave up.</param>
/// <param name="Reason">Google's error reason, or the name of the fault that shaped a 200.</param>
/// <param name="Project">The key's project; null without a key or for a refused unknown key.</param>
/// <param name="Order">The raw <c>order</c>.</param>
/// <param name="Type">The raw <c>type</c>.</param>
/// <param name="Items">Results (search) or videos (videos.list) returned; null when the call was not answered with a page.</param>
/// <param name="NextPageToken">The token returned, or null.</param>
/// <param name="Oddity">short-page, empty-page-with-token, repeated-token or cut; null for an ordinary page.</param>
/// <param name="Method"><c>search.list</c> or <c>videos.list</c>.</param>
/// <param name="Ids">For videos.list: how many ids were asked (entries of <c>id</c>, repeats included); null for search.</param>
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    string? Project = null,
    string? Order = null,
    string? Type = null,
    int? Items = null,
    string? NextPageToken = null,
    string? Oddity = null,
    string Method = ApiMethod.Search,
    int? Ids = null);
