using System.Security.Cryptography;
using System.Text;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Names an API key in logs, metrics, traces and admin output without revealing it: the first 8 lowercase hex
/// digits of the SHA-256 of its UTF-8 bytes. Every service computes it the same way, so one key can be followed
/// from the Worker's logs to the emulator's call log.
/// </summary>
public static class KeyFingerprint
{
    public static string Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];
    }
}
