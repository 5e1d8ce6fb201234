using System.Security.Cryptography;
using System.Text;

namespace YouTubeFeed.YouTubeEmulator.Quota;

/// <summary>
/// Names an API key in logs and admin output without revealing it. The worker computes the same value,
/// so a key can be followed across services.
/// </summary>
public static class KeyFingerprint
{
    /// <returns>The first 8 lowercase hex characters of SHA-256 over the UTF-8 key.</returns>
    public static string Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return Convert.ToHexStringLower(hash[..4]);
    }
}
