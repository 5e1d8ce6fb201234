using YouTubeFeed.YouTubeEmulator.Catalog;
using YouTubeFeed.YouTubeEmulator.Realism;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>
/// Every result of a search as it stands now, in the requested order; a page is a slice of it. Built anew for
/// each page, so a video listed between two page requests shifts the later pages (one repeat, no skip).
/// </summary>
internal sealed class ResultList(VideoCatalog catalog, Behaviour behaviour, Chance chance, TimeProvider time)
{
    public IReadOnlyList<ResultEntry> For(SearchRequest request)
    {
        var videos = catalog.Listed(request.Query, request.PublishedAfter, request.PublishedBefore, time.GetUtcNow());
        var query = (request.Query ?? "").ToUpperInvariant();
        IEnumerable<Video> ordered = request.Order switch
        {
            SearchOrder.Date => videos,
            SearchOrder.Title => videos.OrderBy(video => video.Title, StringComparer.OrdinalIgnoreCase).ThenBy(video => video.VideoId, StringComparer.Ordinal),
            // No views, ratings or relevance here: one pseudo-random order, the same for every page of a chain.
            _ => videos.OrderBy(video => chance.Hash("relevance", video.VideoId, query)),
        };

        var entries = new List<ResultEntry>(videos.Count + (videos.Count / 8));
        var channelsSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var video in ordered)
        {
            if (NonVideoBefore(video, query, channelsSeen) is { } extra && request.Types.HasFlag(extra.Type))
            {
                entries.Add(extra);
            }

            if (request.Types.HasFlag(ResultTypes.Video))
            {
                entries.Add(new ResultEntry(ResultTypes.Video, video.VideoId, video));
            }
        }

        return entries;
    }

    // Decided per video and query, so the mix does not change from one page to the next.
    private ResultEntry? NonVideoBefore(Video anchor, string query, HashSet<string> channelsSeen)
    {
        if (behaviour.NonVideoShare <= 0)
        {
            return null;
        }

        var draw = chance.Unit("non-video", anchor.VideoId, query);
        if (draw >= behaviour.NonVideoShare)
        {
            return null;
        }

        if (draw < behaviour.NonVideoShare / 2 && channelsSeen.Add(anchor.ChannelId))
        {
            return new ResultEntry(ResultTypes.Channel, anchor.ChannelId, anchor);
        }

        return new ResultEntry(ResultTypes.Playlist, SyntheticResults.PlaylistId(chance.Hash("playlist", anchor.VideoId)), anchor);
    }
}
