namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>A published video as the catalog stores it: raw text, not HTML-escaped.</summary>
/// <param name="PublishedAt">UTC, whole seconds: the precision YouTube shows, so our order is the order clients can see.</param>
/// <param name="ListedAt">When search starts returning it; never before <paramref name="PublishedAt"/> (YouTube's
/// search index lags behind uploads).</param>
internal sealed record Video(
    string VideoId,
    string Topic,
    string Title,
    string Description,
    string ChannelId,
    string ChannelTitle,
    DateTimeOffset PublishedAt,
    DateTimeOffset ListedAt,
    Visibility Visibility = Visibility.Public)
{
    public ThumbnailSet Thumbnails => ThumbnailSet.For(VideoId);

    public bool IsListedAt(DateTimeOffset now) => Visibility == Visibility.Public && ListedAt <= now;
}
