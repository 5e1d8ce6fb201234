using System.Globalization;
using YouTubeFeed.YouTubeEmulator.Realism;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>
/// A chain is the pages of one search: same q, order, type, publishedAfter, publishedBefore and maxResults. Its
/// identity goes into every page token, so a token sent with other parameters is refused, as Google refuses it.
/// </summary>
internal static class ChainIdentity
{
    public static uint Of(
        string? query,
        SearchOrder order,
        ResultTypes types,
        DateTimeOffset? after,
        DateTimeOffset? before,
        int maxResults) =>
        (uint)StableHash.Of(
            0,
            "chain",
            (query ?? "").Trim().ToUpperInvariant(),
            order.Name(),
            ((int)types).ToString(CultureInfo.InvariantCulture),
            after?.UtcTicks.ToString(CultureInfo.InvariantCulture),
            before?.UtcTicks.ToString(CultureInfo.InvariantCulture),
            maxResults.ToString(CultureInfo.InvariantCulture));
}
