using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Data.Caching;

/// <summary>
/// The first page of the feed as cached in Redis: the <see cref="Size"/> newest videos (enough for every
/// page size the Api allows) and the total count.
/// </summary>
public sealed record FirstPageSnapshot(long TotalCount, DateTime RefreshedAt, IReadOnlyList<VideoRecord> Videos)
{
    public const int Size = 100;
}
