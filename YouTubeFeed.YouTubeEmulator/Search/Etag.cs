using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>27 base64url characters like Google's etags, derived from the content so equal answers share one.</summary>
internal static class Etag
{
    public static string Of(params IEnumerable<string?> parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return Base64Url.EncodeToString(hash.AsSpan(0, 20));
    }
}
