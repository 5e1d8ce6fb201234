using YouTubeFeed.YouTubeEmulator.Realism;

namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>Fields an admin caller fixes; the rest are generated.</summary>
internal sealed record VideoOverrides(string? Title, string? Description, string? ChannelId, string? ChannelTitle);

internal sealed class VideoFactory(VideoIdGenerator ids, ChannelRoster channels, VideoDetailsGenerator details, Chance chance)
{
    /// <param name="indexDelay">How long after <paramref name="publishedAt"/> search starts listing it.</param>
    public Video Create(string topic, DateTimeOffset publishedAt, TimeSpan indexDelay, VideoOverrides? overrides = null)
    {
        var normalized = Topics.Normalize(topic);
        var roster = channels.For(normalized);
        var videoId = ids.NextVideoId();
        var (channel, title, description) = chance.With(random =>
        {
            var picked = roster[random.Next(roster.Count)];
            var words = VideoTextWriter.WordsFor(random, normalized, overrides?.ChannelTitle ?? picked.Title);
            return (picked, VideoTextWriter.Title(random, words), VideoTextWriter.Description(random, words));
        });

        var published = PublishTime.ToWholeSecond(publishedAt);
        return new Video(
            videoId,
            normalized,
            overrides?.Title ?? title,
            overrides?.Description ?? description,
            overrides?.ChannelId ?? channel.Id,
            overrides?.ChannelTitle ?? channel.Title,
            published,
            PublishTime.ToWholeSecond(published + (indexDelay > TimeSpan.Zero ? indexDelay : TimeSpan.Zero)),
            details.For(videoId, published));
    }
}
