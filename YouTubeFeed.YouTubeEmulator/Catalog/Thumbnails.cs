using System.Text.Json.Serialization;

namespace YouTubeFeed.YouTubeEmulator.Catalog;

internal sealed record Thumbnail(string Url, int Width, int Height);

/// <summary>The three sizes search.list returns, at the addresses YouTube uses.</summary>
internal sealed record ThumbnailSet(
    [property: JsonPropertyName("default")] Thumbnail Default,
    Thumbnail Medium,
    Thumbnail High)
{
    public static ThumbnailSet For(string videoId) => new(
        new Thumbnail($"https://i.ytimg.com/vi/{videoId}/default.jpg", 120, 90),
        new Thumbnail($"https://i.ytimg.com/vi/{videoId}/mqdefault.jpg", 320, 180),
        new Thumbnail($"https://i.ytimg.com/vi/{videoId}/hqdefault.jpg", 480, 360));
}
