namespace YouTubeFeed.YouTubeEmulator.Faults;

/// <param name="Status">The status code of a <see cref="FaultKind.Status"/> fault.</param>
/// <param name="OnPage">1-based page the fault is limited to; null: any page.</param>
/// <param name="Query">Topic the fault is limited to; null: any.</param>
/// <param name="Delay">How long a <see cref="FaultKind.Timeout"/> fault holds the answer.</param>
/// <param name="Variant">For <see cref="FaultKind.UnexpectedShape"/>: <c>wrong-type</c> or <c>missing-items</c>.</param>
/// <param name="KeyFingerprint">Only calls made with the key of this fingerprint; null: any.</param>
/// <param name="Project">Only calls made with a key of this project; null: any.</param>
/// <param name="RetryAfter">Seconds of the Retry-After header of a <see cref="FaultKind.ResourceExhausted"/> fault.</param>
/// <param name="Items">Items of a <see cref="FaultKind.ShortPage"/> fault; null: a random count below maxResults.</param>
/// <param name="Method">The API method whose calls get the fault: <c>search.list</c> (default) or <c>videos.list</c>.</param>
internal sealed record Fault(
    FaultKind Kind,
    int Status,
    int Count,
    int? OnPage,
    string? Query,
    TimeSpan Delay,
    string Variant,
    string? KeyFingerprint = null,
    string? Project = null,
    int RetryAfter = Fault.DefaultRetryAfter,
    int? Items = null,
    string Method = Calls.ApiMethod.Search)
{
    public const string WrongType = "wrong-type";
    public const string MissingItems = "missing-items";
    public const int DefaultRetryAfter = 5;

    public bool Matches(FaultTarget call) =>
        Method == call.Method
        && (OnPage is null || OnPage == call.Page)
        && (Query is null || Catalog.Topics.Comparer.Equals(Query, Catalog.Topics.Normalize(call.Query ?? "")))
        && (KeyFingerprint is null || string.Equals(KeyFingerprint, call.KeyFingerprint, StringComparison.OrdinalIgnoreCase))
        && (Project is null || string.Equals(Project, call.Project, StringComparison.Ordinal));
}

/// <summary>What a fault can be limited to, as known of one call (a videos.list call has no query nor page).</summary>
internal sealed record FaultTarget(string Method, string? Query, int? Page, string? KeyFingerprint, string? Project);
