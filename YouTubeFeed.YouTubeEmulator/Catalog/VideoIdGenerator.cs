using System.Buffers.Text;

namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>Ids shaped like YouTube's: 64 random bits in base64url give 11 characters of [A-Za-z0-9_-].</summary>
internal sealed class VideoIdGenerator
{
    public string NextVideoId() => Random(8);

    /// <summary>"UC" and 22 characters, like a real channel id.</summary>
    public static string ChannelId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return "UC" + Base64Url.EncodeToString(bytes);
    }

    private static string Random(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        System.Random.Shared.NextBytes(buffer);
        return Base64Url.EncodeToString(buffer);
    }
}
