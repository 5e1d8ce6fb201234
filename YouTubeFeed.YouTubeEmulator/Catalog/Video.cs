namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>A published video as the catalog stores it: raw text, not HTML-escaped.</summary>
/// <param name="PublishedAt">UTC, whole seconds: the precision YouTube shows, so our order is the order clients can see.</param>
internal sealed record Video(
    string VideoId,
    string Topic,
    string Title,
    string Description,
    string ChannelId,
    string ChannelTitle,
    DateTimeOffset PublishedAt)
{
    public ThumbnailSet Thumbnails => ThumbnailSet.For(VideoId);
}
