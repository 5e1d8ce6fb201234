using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace YouTubeFeed.YouTubeEmulator.Quota;

/// <param name="DailyUnits">Null: the configured default.</param>
internal sealed record ConfiguredKey(string Key, int? DailyUnits, bool Invalid);

/// <summary>Parses <c>Emulator:Keys</c>: <c>key[:units|:invalid]</c>, comma-separated.</summary>
internal static class ConfiguredKeys
{
    public static bool TryParse(
        string? text,
        out IReadOnlyList<ConfiguredKey> keys,
        [NotNullWhen(false)] out string? error)
    {
        var parsed = new List<ConfiguredKey>();
        keys = parsed;
        error = null;
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.LastIndexOf(':');
            var key = (colon < 0 ? entry : entry[..colon]).Trim();
            var value = colon < 0 ? null : entry[(colon + 1)..].Trim();
            if (key.Length == 0)
            {
                // The entry itself is not echoed: it may be a real key.
                error = "Keys has an entry without a key.";
                return false;
            }

            if (value is null)
            {
                parsed.Add(new ConfiguredKey(key, null, false));
            }
            else if (value.Equals("invalid", StringComparison.OrdinalIgnoreCase))
            {
                parsed.Add(new ConfiguredKey(key, null, true));
            }
            else if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var units))
            {
                parsed.Add(new ConfiguredKey(key, units, false));
            }
            else
            {
                error = $"Keys: the entry for key {KeyFingerprint.Of(key)} (fingerprint) must end in ':<units>' or ':invalid'.";
                return false;
            }
        }

        return true;
    }
}
