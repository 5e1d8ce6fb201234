namespace YouTubeFeed.Worker.Coverage;

/// <summary>
/// A stretch of publish time, <c>(Low, High]</c>: instants after <see cref="Low"/> up to and including
/// <see cref="High"/>. Half-open because a page proves everything newer than its oldest result, while more results
/// published at that same second may still follow on the next page.
/// </summary>
public readonly record struct Span(DateTime Low, DateTime High)
{
    public bool IsEmpty => High <= Low;

    public TimeSpan Length => IsEmpty ? TimeSpan.Zero : High - Low;

    public bool Contains(DateTime instant) => instant > Low && instant <= High;

    public override string ToString() => $"({Low:yyyy-MM-dd HH:mm:ss}, {High:yyyy-MM-dd HH:mm:ss}]";
}
