namespace YouTubeFeed.Data.Videos;

/// <summary>
/// How thumbnail URLs are stored. YouTube names a video's thumbnails after its id
/// (<c>https://i.ytimg.com/vi/{id}/default.jpg</c>, <c>mqdefault.jpg</c>, <c>hqdefault.jpg</c>), so a URL of exactly
/// that form is stored as an empty string and rebuilt when read: ~145 bytes a video, about a fifth of a row of
/// <c>videos</c> (docs/benchmarks.md, issue 19). Any other URL (a live stream's <c>default_live.jpg</c>, another host)
/// is stored as it is.
/// </summary>
public static class StoredThumbnails
{
    public const string Default = "default";
    public const string Medium = "mqdefault";
    public const string High = "hqdefault";

    /// <summary>The URL YouTube gives the thumbnail <paramref name="name"/> of video <paramref name="videoId"/>.</summary>
    public static string Canonical(string videoId, string name) => $"https://i.ytimg.com/vi/{videoId}/{name}.jpg";

    /// <summary>What to store: an empty string for the canonical URL, else the URL.</summary>
    public static string Compact(string videoId, string name, string url) => url == Canonical(videoId, name) ? "" : url;

    /// <summary>The URL a stored value stands for.</summary>
    public static string Expand(string videoId, string name, string stored) => stored.Length == 0 ? Canonical(videoId, name) : stored;
}
