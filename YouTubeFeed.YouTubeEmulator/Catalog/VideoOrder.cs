namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>
/// Oldest first by (publishedAt, videoId ordinal). Search reads it backwards: newest first, ties broken by
/// videoId descending, the order clients page in.
/// </summary>
internal sealed class VideoOrder : IComparer<Video>
{
    public static VideoOrder Ascending { get; } = new();

    public int Compare(Video? x, Video? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var byTime = x.PublishedAt.CompareTo(y.PublishedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.VideoId, y.VideoId);
    }
}
