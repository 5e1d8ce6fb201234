using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Tests.Infrastructure;

/// <summary>Builds test videos.</summary>
public static class Videos
{
    public static readonly DateTime Origin = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    public static VideoRecord Make(string id, string title, DateTime publishedAt, string description = "", string channelId = "UCtest") =>
        new(id, title, description, publishedAt, channelId, "Test channel",
            $"https://i.ytimg.com/vi/{id}/default.jpg", $"https://i.ytimg.com/vi/{id}/mqdefault.jpg", $"https://i.ytimg.com/vi/{id}/hqdefault.jpg");

    /// <summary><paramref name="count"/> videos one minute apart, the last the newest.</summary>
    public static List<VideoRecord> Series(string prefix, int count, DateTime? start = null, string title = "Video") =>
        Enumerable.Range(0, count)
            .Select(i => Make($"{prefix}{i:D6}", $"{title} {i}", (start ?? Origin).AddMinutes(i)))
            .ToList();
}
