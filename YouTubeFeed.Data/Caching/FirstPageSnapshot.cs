using System.Text.Json.Serialization;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Data.Caching;

/// <summary>
/// The first page of the feed as cached in Redis: the <see cref="Size"/> newest videos (enough for every page
/// size the Api allows) and the total count, both read in one database snapshot that began at
/// <see cref="RefreshedAt"/> (the database's clock, the one <c>first_seen_at</c> is written with).
/// </summary>
public sealed record FirstPageSnapshot(long TotalCount, DateTime RefreshedAt, IReadOnlyList<VideoRecord> Videos)
{
    public const int Size = 100;

    /// <summary>
    /// Orders snapshots: a later read is never older (see <see cref="VideoReader.ReadNewestAsync"/>). Microseconds
    /// since 1970, so that Redis's Lua (whose numbers are doubles, exact to 2^53) compares it exactly.
    /// </summary>
    [JsonIgnore]
    public long Version => (RefreshedAt.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
}
