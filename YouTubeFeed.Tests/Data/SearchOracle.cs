using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Tests.Data;

/// <summary>
/// What a search must answer, computed from the videos themselves and not from the index: every video whose words
/// (<see cref="SearchTerms.Words"/>) start with every query word, within the channel and the times, in the page's
/// order, ties on the publish time broken by id as the ascii_bin column compares them.
/// </summary>
internal sealed class SearchOracle(IEnumerable<VideoRecord> videos)
{
    private readonly List<(VideoRecord Video, string[] Words)> videos =
        videos.Select(v => (v, SearchTerms.Words($"{v.Title} {v.Description}").Distinct(StringComparer.Ordinal).ToArray())).ToList();

    public List<string> Expected(VideoQuery query)
    {
        var matching = videos
            .Where(p => query.Words.All(w => p.Words.Any(word => word.StartsWith(w, StringComparison.Ordinal))))
            .Select(p => p.Video)
            .Where(v => (query.ChannelId is null || v.ChannelId == query.ChannelId)
                && (query.PublishedAfter is null || v.PublishedAt >= query.PublishedAfter)
                && (query.PublishedBefore is null || v.PublishedAt < query.PublishedBefore));
        var ordered = query.Order == SortOrder.NewestFirst
            ? matching.OrderByDescending(v => v.PublishedAt).ThenByDescending(v => v.VideoId, StringComparer.Ordinal)
            : matching.OrderBy(v => v.PublishedAt).ThenBy(v => v.VideoId, StringComparer.Ordinal);
        return ordered.Select(v => v.VideoId).ToList();
    }
}
