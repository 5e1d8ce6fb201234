namespace YouTubeFeed.YouTubeEmulator.Realism;

/// <summary>
/// A 64-bit hash that is the same in every process (string.GetHashCode is not), cheap enough to rank every
/// video of a search by it: FNV-1a over the UTF-16 text, then SplitMix64's finalizer to spread the bits.
/// </summary>
internal static class StableHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(long seed, params ReadOnlySpan<string?> parts)
    {
        var hash = Offset ^ (ulong)seed;
        foreach (var part in parts)
        {
            foreach (var character in part ?? "")
            {
                hash = (hash ^ character) * Prime;
            }

            // A separator, so ("ab","c") and ("a","bc") differ.
            hash = (hash ^ 0x1F) * Prime;
        }

        return Mix(hash);
    }

    /// <summary>A value in [0, 1) derived from the hash.</summary>
    public static double Unit(long seed, params ReadOnlySpan<string?> parts) => (Of(seed, parts) >> 11) * (1.0 / (1UL << 53));

    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EB;
        return value ^ (value >> 31);
    }
}
