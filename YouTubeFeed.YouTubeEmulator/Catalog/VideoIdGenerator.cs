using System.Buffers.Text;
using YouTubeFeed.YouTubeEmulator.Realism;

namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>Ids shaped like YouTube's: 64 random bits in base64url give 11 characters of [A-Za-z0-9_-].</summary>
internal sealed class VideoIdGenerator(Chance chance)
{
    public string NextVideoId()
    {
        Span<byte> buffer = stackalloc byte[8];
        chance.NextBytes(buffer);
        return Base64Url.EncodeToString(buffer);
    }

    /// <summary>"UC" and 22 characters, like a real channel id.</summary>
    public static string ChannelId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return "UC" + Base64Url.EncodeToString(bytes);
    }
}
