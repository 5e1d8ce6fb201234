namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>A published video as the catalog stores it: raw text, not HTML-escaped.</summary>
/// <param name="PublishedAt">UTC, whole seconds: the precision YouTube shows, so our order is the order clients can see.</param>
/// <param name="ListedAt">When search starts returning it; never before <paramref name="PublishedAt"/> (YouTube's
/// search index lags behind uploads).</param>
/// <param name="Details">Duration, popularity, broadcast: what videos.list adds to the snippet.</param>
internal sealed record Video(
    string VideoId,
    string Topic,
    string Title,
    string Description,
    string ChannelId,
    string ChannelTitle,
    DateTimeOffset PublishedAt,
    DateTimeOffset ListedAt,
    VideoDetails Details,
    Visibility Visibility = Visibility.Public)
{
    public ThumbnailSet Thumbnails => ThumbnailSet.For(VideoId);

    public bool IsListedAt(DateTimeOffset now) => Visibility == Visibility.Public && ListedAt <= now;

    /// <summary>Whether videos.list returns it: a public video once published, whether search lists it yet or not
    /// (videos.list looks ids up, it does not read the search index). Private and deleted videos are absent, as on
    /// YouTube.</summary>
    public bool IsAvailableAt(DateTimeOffset now) => Visibility == Visibility.Public && PublishedAt <= now;
}
