namespace YouTubeFeed.Data.Videos;

public enum SortOrder
{
    NewestFirst,
    OldestFirst,

    /// <summary>Most viewed first, by the last view count read (videos not enriched yet count 0 and come last).</summary>
    MostViewed,
}

/// <summary>Shorts in a listing: all, none, or only them (<see cref="VideoDetails.IsShortRule"/>).</summary>
public enum ShortsFilter
{
    Any,
    Exclude,
    Only,
}

/// <summary>Broadcasts in a listing.</summary>
public enum LiveFilter
{
    Any,

    /// <summary>No upcoming nor live broadcast (ended ones are recordings and stay).</summary>
    Exclude,

    /// <summary>Only broadcasts that are live now.</summary>
    Only,

    /// <summary>Only scheduled broadcasts that have not started.</summary>
    Upcoming,
}

/// <summary>
/// A position in the page's order: the last video of the previous page. (published_at, video_id) for the date
/// orders; (view_count, video_id) for <see cref="SortOrder.MostViewed"/>.
/// </summary>
public readonly record struct VideoPosition(DateTime PublishedAt, string VideoId, long ViewCount = 0);

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

    /// <summary>Inclusive lower bound on the duration in seconds; a video not enriched yet has none and is left out.</summary>
    public int? MinDurationSeconds { get; init; }

    /// <summary>Inclusive upper bound on the duration in seconds; a video not enriched yet is left out.</summary>
    public int? MaxDurationSeconds { get; init; }

    public ShortsFilter Shorts { get; init; }

    public LiveFilter Live { get; init; }

    /// <summary>Whether any filter on the enrichment's details is set.</summary>
    public bool HasDetailFilters =>
        MinDurationSeconds is not null || MaxDurationSeconds is not null || Shorts != ShortsFilter.Any || Live != LiveFilter.Any;

    public bool IsPlainFirstPage =>
        After is null && Words.Count == 0 && ChannelId is null && PublishedAfter is null
        && PublishedBefore is null && Order == SortOrder.NewestFirst && !HasDetailFilters;
}
