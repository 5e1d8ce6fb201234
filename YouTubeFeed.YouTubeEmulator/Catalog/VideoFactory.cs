namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>Fields an admin caller fixes; the rest are generated.</summary>
internal sealed record VideoOverrides(string? Title, string? Description, string? ChannelId, string? ChannelTitle);

internal sealed class VideoFactory(VideoIdGenerator ids, ChannelRoster channels)
{
    public Video Create(string topic, DateTimeOffset publishedAt, VideoOverrides? overrides = null)
    {
        var normalized = Topics.Normalize(topic);
        var random = Random.Shared;
        var roster = channels.For(normalized);
        var channel = roster[random.Next(roster.Count)];
        var channelTitle = overrides?.ChannelTitle ?? channel.Title;
        var words = VideoTextWriter.WordsFor(random, normalized, channelTitle);

        return new Video(
            ids.NextVideoId(),
            normalized,
            overrides?.Title ?? VideoTextWriter.Title(random, words),
            overrides?.Description ?? VideoTextWriter.Description(random, words),
            overrides?.ChannelId ?? channel.Id,
            channelTitle,
            PublishTime.ToWholeSecond(publishedAt));
    }
}
