using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Tests.Data;

/// <summary>Every page of a search, as a client reads them: after a short page with a cursor, and after a full page's last video.</summary>
internal static class SearchWalk
{
    /// <summary>A walk that needs more pages than this has lost its way.</summary>
    private const int MaxPages = 5000;

    public static async Task<List<string>> IdsAsync(VideoReader reader, VideoQuery query, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var current = query;
        for (var pages = 0; pages < MaxPages; pages++)
        {
            var page = await reader.ReadPageAsync(current, cancellationToken);
            ids.AddRange(page.Videos.Select(v => v.VideoId));
            if (page.ContinueAfter is { } stop)
            {
                current = query with { After = stop };
            }
            else if (page.Videos.Count < query.Limit)
            {
                return ids;
            }
            else
            {
                current = query with { After = new VideoPosition(page.Videos[^1].PublishedAt, page.Videos[^1].VideoId) };
            }
        }

        throw new InvalidOperationException($"The walk did not end within {MaxPages} pages.");
    }
}
