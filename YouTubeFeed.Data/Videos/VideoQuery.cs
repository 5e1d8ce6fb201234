namespace YouTubeFeed.Data.Videos;

public enum SortOrder
{
    NewestFirst,
    OldestFirst,
}

/// <summary>A position in the (published_at, video_id) order: the last video of the previous page.</summary>
public readonly record struct VideoPosition(DateTime PublishedAt, string VideoId);

/// <summary>What one page of the video list asks for.</summary>
public sealed record VideoQuery
{
    public int Limit { get; init; } = 20;
    public SortOrder Order { get; init; } = SortOrder.NewestFirst;

    /// <summary>Continue after this position (exclusive); null for the first page.</summary>
    public VideoPosition? After { get; init; }

    /// <summary>Folded query words (<see cref="SearchTerms.QueryWords"/>); every one must match.</summary>
    public IReadOnlyList<string> Words { get; init; } = [];

    public string? ChannelId { get; init; }

    /// <summary>Inclusive lower bound on the publish time.</summary>
    public DateTime? PublishedAfter { get; init; }

    /// <summary>Exclusive upper bound on the publish time.</summary>
    public DateTime? PublishedBefore { get; init; }

    public bool IsPlainFirstPage =>
        After is null && Words.Count == 0 && ChannelId is null && PublishedAfter is null
        && PublishedBefore is null && Order == SortOrder.NewestFirst;
}
