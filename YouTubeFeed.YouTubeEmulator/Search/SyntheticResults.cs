using System.Buffers.Binary;
using System.Buffers.Text;
using YouTubeFeed.YouTubeEmulator.Catalog;
using YouTubeFeed.YouTubeEmulator.Realism;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>The snippets of the channels and playlists that a search without <c>type=video</c> mixes in.</summary>
internal static class SyntheticResults
{
    private static readonly DateTimeOffset FirstChannel = new(2008, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>"PL" and 32 characters, like a real playlist id.</summary>
    public static string PlaylistId(ulong hash)
    {
        Span<byte> bytes = stackalloc byte[24];
        for (var index = 0; index < 3; index++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[(index * 8)..], hash * (ulong)(index + 1) * 0x9E3779B97F4A7C15);
        }

        return "PL" + Base64Url.EncodeToString(bytes);
    }

    public static (string Title, string Description, DateTimeOffset PublishedAt, ThumbnailSet Thumbnails) Describe(ResultEntry entry)
    {
        var anchor = entry.Anchor;
        var topic = Topics.Capitalized(anchor.Topic);
        if (entry.Type == ResultTypes.Channel)
        {
            // A channel is older than its videos: a stable date between 2008 and the anchor's publication.
            var days = (ulong)Math.Max(1, (anchor.PublishedAt - FirstChannel).TotalDays);
            var created = FirstChannel.AddDays(StableHash.Of(0, "channel", anchor.ChannelId) % days);
            var avatar = $"https://yt3.ggpht.com/ytc/{anchor.ChannelId}";
            return (
                anchor.ChannelTitle,
                $"Welcome to {anchor.ChannelTitle}: {topic.ToLowerInvariant()} videos every week. Subscribe & never miss one!",
                PublishTime.ToWholeSecond(created),
                new ThumbnailSet(
                    new Thumbnail(avatar + "=s88-c-k-c0xffffffff-no-rj-mo", 88, 88),
                    new Thumbnail(avatar + "=s240-c-k-c0xffffffff-no-rj-mo", 240, 240),
                    new Thumbnail(avatar + "=s800-c-k-c0xffffffff-no-rj-mo", 800, 800)));
        }

        return (
            $"{topic} — the best of {anchor.ChannelTitle}",
            $"Our favourite {topic.ToLowerInvariant()} videos in one place.",
            anchor.PublishedAt.AddDays(-7),
            anchor.Thumbnails);
    }
}
