namespace YouTubeFeed.YouTubeEmulator.Faults;

/// <param name="Status">The status code of a <see cref="FaultKind.Status"/> fault.</param>
/// <param name="OnPage">1-based page the fault is limited to; null: any page.</param>
/// <param name="Query">Topic the fault is limited to; null: any.</param>
/// <param name="Delay">How long a <see cref="FaultKind.Timeout"/> fault holds the answer.</param>
/// <param name="Variant">For <see cref="FaultKind.UnexpectedShape"/>: <c>wrong-type</c> or <c>missing-items</c>.</param>
internal sealed record Fault(
    FaultKind Kind,
    int Status,
    int Count,
    int? OnPage,
    string? Query,
    TimeSpan Delay,
    string Variant)
{
    public const string WrongType = "wrong-type";
    public const string MissingItems = "missing-items";

    public bool Matches(string? query, int? page) =>
        (OnPage is null || OnPage == page)
        && (Query is null || Catalog.Topics.Comparer.Equals(Query, Catalog.Topics.Normalize(query ?? "")));
}
