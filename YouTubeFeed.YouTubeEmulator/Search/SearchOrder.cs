namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>
/// search.list's <c>order</c>. Absent means relevance, Google's default. The emulator has no views, ratings or
/// relevance scores: relevance, viewCount, rating and videoCount all give one seeded pseudo-random order (not by
/// date), title is alphabetical, date is newest first.
/// </summary>
internal enum SearchOrder
{
    Relevance,
    Date,
    Rating,
    Title,
    VideoCount,
    ViewCount,
}

internal static class SearchOrders
{
    private static readonly Dictionary<string, SearchOrder> ByName = new(StringComparer.Ordinal)
    {
        ["date"] = SearchOrder.Date,
        ["rating"] = SearchOrder.Rating,
        ["relevance"] = SearchOrder.Relevance,
        ["title"] = SearchOrder.Title,
        ["videoCount"] = SearchOrder.VideoCount,
        ["viewCount"] = SearchOrder.ViewCount,
    };

    public static GoogleErrorResponse? Parse(string? text, out SearchOrder order)
    {
        order = SearchOrder.Relevance;
        if (string.IsNullOrEmpty(text) || ByName.TryGetValue(text, out order))
        {
            return null;
        }

        return GoogleErrors.InvalidParameter(
            "order",
            $"Invalid string value: '{text}'. Allowed values: [{string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal))}]");
    }

    public static string Name(this SearchOrder order) => ByName.First(pair => pair.Value == order).Key;
}
