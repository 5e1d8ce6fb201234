using System.Text;
using MySqlConnector;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// Reads pages of videos. Every query here was checked with EXPLAIN on a large table: each walks an index
/// in order and stops after the page, whatever the depth; a search also stops at its walk budget.
/// </summary>
/// <remarks>
/// Keyset conditions are written out as <c>published_at &lt; x OR (published_at = x AND video_id &lt; y)</c>:
/// MariaDB 10.11 does not turn the row-value form <c>(published_at, video_id) &lt; (x, y)</c> into an index range.
/// </remarks>
public sealed class VideoReader(MySqlDataSource dataSource, TimeProvider? time = null)
{
    private readonly VideoSearch search = new(dataSource, time ?? TimeProvider.System);

    /// <summary>
    /// At most this many queued videos are read by a search. The backlog is empty or a few hundred videos while
    /// the Worker's indexer runs; beyond this a search misses some of the newest videos until they are indexed.
    /// </summary>
    public const int MaxUnindexedRead = 5000;

    /// <summary>Index rows one search request may walk (see <see cref="VideoSearch"/>).</summary>
    public const int SearchWalkBudget = VideoSearch.WalkBudget;

    /// <summary>
    /// The page at an offset, newest first (the original <c>/getData</c> paging). A deferred join: the offset
    /// is walked in the narrow (published_at, video_id) index, and only the page's rows are read whole.
    /// </summary>
    public static readonly string OffsetPageSql =
        $"SELECT {VideoColumns.Select} FROM (" +
        "SELECT video_id FROM videos ORDER BY published_at DESC, video_id DESC LIMIT @limit OFFSET @offset" +
        ") page JOIN videos v ON v.video_id = page.video_id ORDER BY v.published_at DESC, v.video_id DESC";

    public async Task<IReadOnlyList<VideoRecord>> PageAtOffsetAsync(long offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(OffsetPageSql, connection);
        command.Parameters.AddWithValue("@limit", limit);
        command.Parameters.AddWithValue("@offset", offset);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// The newest <paramref name="limit"/> videos and the count of all, read in one snapshot, with the database's
    /// clock taken just before that snapshot began. Any change committed before <c>ReadAt</c> is in the read;
    /// a change the read misses was committed after it, so a read begun after that change has a later
    /// <c>ReadAt</c>. That is what lets the cached first page be versioned by <c>ReadAt</c> (see FirstPageCache).
    /// </summary>
    public async Task<(DateTime ReadAt, IReadOnlyList<VideoRecord> Videos, long Count)> ReadNewestAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(
            "SELECT UTC_TIMESTAMP(6); " +
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY; " +
            $"SELECT {VideoColumns.Select} FROM videos v ORDER BY v.published_at DESC, v.video_id DESC LIMIT @limit; " +
            "SELECT COUNT(*) FROM videos; COMMIT",
            connection);
        command.Parameters.AddWithValue("@limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var readAt = DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc);
        await reader.NextResultAsync(cancellationToken);
        var videos = new List<VideoRecord>(limit);
        while (await reader.ReadAsync(cancellationToken))
        {
            videos.Add(VideoColumns.Read(reader));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (readAt, videos, reader.GetInt64(0));
    }

    /// <summary>
    /// One page of the list: filters, search and keyset position as the query says. A search may stop at its
    /// budget with a short page: <see cref="VideoPage.ContinueAfter"/> then says where the next page starts.
    /// </summary>
    public async Task<VideoPage> ReadPageAsync(VideoQuery query, CancellationToken cancellationToken)
    {
        if (query.Words.Count > 0)
        {
            return query.HasDetailFilters
                ? await FilteredSearchAsync(query, cancellationToken)
                : await search.PageAsync(query, trace: null, cancellationToken);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (sql, parameters) = PageSql(query);
        await using var command = new MySqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return new VideoPage(await ReadAllAsync(command, cancellationToken), null);
    }

    /// <summary>Search pages read (of at most <see cref="FilteredSearchChunk"/> videos) before a filtered search returns a short page.</summary>
    public const int FilteredSearchRounds = 4;

    /// <summary>Videos a filtered search reads a round.</summary>
    public const int FilteredSearchChunk = 100;

    /// <summary>
    /// A search with duration, Shorts or broadcast filters: the search's own pages, filtered here on the details they
    /// carry, until the page is full, the search ends, or <see cref="FilteredSearchRounds"/> rounds were read; then a
    /// short page with <see cref="VideoPage.ContinueAfter"/> at the last video looked at, where the next page goes on.
    /// </summary>
    private async Task<VideoPage> FilteredSearchAsync(VideoQuery query, CancellationToken cancellationToken)
    {
        var found = new List<VideoRecord>();
        var after = query.After;
        for (var round = 0; round < FilteredSearchRounds; round++)
        {
            var chunk = Math.Max(query.Limit, FilteredSearchChunk);
            var page = await search.PageAsync(query with { After = after, Limit = chunk }, trace: null, cancellationToken);
            foreach (var video in page.Videos)
            {
                if (DetailFilters.Matches(query, video))
                {
                    found.Add(video);
                    if (found.Count == query.Limit)
                    {
                        return new VideoPage(found, null);
                    }
                }
            }

            if (page.Videos.Count < chunk && page.ContinueAfter is null)
            {
                return new VideoPage(found, null);
            }

            after = page.ContinueAfter ?? new VideoPosition(page.Videos[^1].PublishedAt, page.Videos[^1].VideoId);
        }

        return new VideoPage(found, after);
    }

    /// <summary>The videos of <see cref="ReadPageAsync"/> (a search's short page is returned as it is).</summary>
    public async Task<IReadOnlyList<VideoRecord>> PageAsync(VideoQuery query, CancellationToken cancellationToken) =>
        (await ReadPageAsync(query, cancellationToken)).Videos;

    /// <summary>Runs a search and returns the statements it ran, in order (for the benchmark's diagnostics).</summary>
    public async Task<(VideoPage Page, IReadOnlyList<SearchStatement> Statements)> TraceSearchAsync(VideoQuery query, CancellationToken cancellationToken)
    {
        var trace = new List<SearchStatement>();
        var page = await search.PageAsync(query, trace, cancellationToken);
        return (page, trace);
    }

    /// <summary>The query's conditions on one video, exactly as the search applies them.</summary>
    internal static bool Matches(VideoQuery query, VideoRecord video)
    {
        if (query.ChannelId is not null && !string.Equals(video.ChannelId, query.ChannelId, StringComparison.Ordinal))
        {
            return false;
        }

        if (video.PublishedAt < query.PublishedAfter || video.PublishedAt >= query.PublishedBefore)
        {
            return false;
        }

        if (query.After is { } position && new PageOrder(query.Order).Compare(video, position.PublishedAt, position.VideoId) <= 0)
        {
            return false;
        }

        return query.Words.Count == 0 || SearchTerms.Matches(query.Words, SearchTerms.TextTerms(video.Title, video.Description));
    }

    /// <summary>
    /// The statement of one list page (no search words) and its parameters. Public so that the benchmark
    /// explains exactly this.
    /// </summary>
    public static (string Sql, IReadOnlyDictionary<string, object> Parameters) PageSql(VideoQuery query)
    {
        var parameters = new Dictionary<string, object>();
        var (descending, comparison) = query.Order == SortOrder.OldestFirst ? ("ASC", ">") : ("DESC", "<");
        var where = new StringBuilder(" WHERE 1 = 1");
        where.Append(DetailFilters.Sql(query, "v", parameters));
        if (query.ChannelId is not null)
        {
            where.Append(" AND v.channel_id = @channel");
            parameters.Add("@channel", query.ChannelId);
        }

        if (query.PublishedAfter is { } after)
        {
            where.Append(" AND v.published_at >= @after");
            parameters.Add("@after", after);
        }

        if (query.PublishedBefore is { } before)
        {
            where.Append(" AND v.published_at < @before");
            parameters.Add("@before", before);
        }

        // Most viewed first walks ix_videos_view_count_video_id; the date orders ix_videos_published_at_video_id_details.
        var key = query.Order == SortOrder.MostViewed ? "view_count" : "published_at";
        if (query.After is { } position)
        {
            where.Append($" AND (v.{key} {comparison} @pos_key OR (v.{key} = @pos_key AND v.video_id {comparison} @pos_id))");
            parameters.Add("@pos_key", query.Order == SortOrder.MostViewed ? position.ViewCount : position.PublishedAt);
            parameters.Add("@pos_id", position.VideoId);
        }

        var order = $" ORDER BY v.{key} {descending}, v.video_id {descending}";
        parameters.Add("@limit", query.Limit);
        if (query.HasDetailFilters && key == "published_at" && query.ChannelId is null)
        {
            // Every condition is on a column of ix_videos_published_at_video_id_details: the page's ids come from the
            // index alone, and only the page's rows are read (not every video the filters skip).
            return ($"SELECT {VideoColumns.Select} FROM (SELECT v.video_id FROM videos v{where}{order} LIMIT @limit) page " +
                $"JOIN videos v ON v.video_id = page.video_id{order}", parameters);
        }

        return ($"SELECT {VideoColumns.Select} FROM videos v{where}{order} LIMIT @limit", parameters);
    }

    private static async Task<IReadOnlyList<VideoRecord>> ReadAllAsync(MySqlCommand command, CancellationToken cancellationToken)
    {
        var videos = new List<VideoRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            videos.Add(VideoColumns.Read(reader));
        }

        return videos;
    }
}
