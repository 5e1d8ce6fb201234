using System.Security.Cryptography;
using System.Text;

namespace YouTubeFeed.Worker.YouTube;

/// <summary>Names an API key in logs, metrics and Redis without revealing it: 8 hex digits of its SHA-256.</summary>
public static class KeyFingerprint
{
    public static string Of(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];
}
