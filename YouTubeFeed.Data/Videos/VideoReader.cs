using System.Text;
using MySqlConnector;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// Reads pages of videos. Every query here was checked with EXPLAIN on a large table: each walks an index
/// in order and stops after the page, whatever the depth or the search.
/// </summary>
/// <remarks>
/// Keyset conditions are written out as <c>published_at &lt; x OR (published_at = x AND video_id &lt; y)</c>:
/// MariaDB 10.11 does not turn the row-value form <c>(published_at, video_id) &lt; (x, y)</c> into an index range.
/// </remarks>
public sealed class VideoReader(MySqlDataSource dataSource)
{
    /// <summary>
    /// A search word that occurs in more videos than this is treated as "common" when picking the driver. The
    /// probe is paid by every search of several words: at 1,000 it was a third of a two-word search at 1,000,000
    /// videos (MariaDB materialises each counted row); 200 still tells a rare word from a common one.
    /// </summary>
    public const int SelectivityProbeLimit = 200;

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

    /// <summary>One page of the list: filters, search and keyset position as the query says.</summary>
    public async Task<IReadOnlyList<VideoRecord>> PageAsync(VideoQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (query.Words.Count == 0)
        {
            await using var list = PageCommand(connection, query, []);
            return await ReadAllAsync(list, cancellationToken);
        }

        // A search reads the term index and the videos still waiting for their terms (SearchIndexer) in one
        // snapshot, so a video the indexer moves from one to the other meanwhile is seen exactly once. The
        // snapshot starts in the statement that also picks the driving word and ends in the page's statement.
        var (words, queued) = await StartSearchAsync(connection, query.Words, cancellationToken);
        var unindexed = queued > 0 ? await ReadUnindexedAsync(connection, cancellationToken) : [];

        // Terms of a queued video may be out of date: such a video is judged on its stored text alone, so the
        // index is asked for as many more rows as could be dropped for that reason.
        await using var search = PageCommand(connection, query with { Limit = query.Limit + unindexed.Count }, words);
        search.CommandText += "; COMMIT";
        var indexed = await ReadAllAsync(search, cancellationToken);
        if (unindexed.Count == 0)
        {
            return indexed;
        }

        var unindexedIds = unindexed.Select(v => v.VideoId).ToHashSet(StringComparer.Ordinal);
        var order = new PageOrder(query.Order);
        return indexed
            .Where(v => !unindexedIds.Contains(v.VideoId))
            .Concat(unindexed.Where(v => Matches(query, v)))
            .Order(order)
            .Take(query.Limit)
            .ToList();
    }

    /// <summary>
    /// At most this many queued videos are read by a search. The backlog is empty or a few hundred videos while
    /// the Worker's indexer runs; beyond this a search misses some of the newest videos until they are indexed.
    /// </summary>
    public const int MaxUnindexedRead = 5000;

    private static async Task<List<VideoRecord>> ReadUnindexedAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(
            $"SELECT {VideoColumns.Select} FROM search_backlog b JOIN videos v ON v.video_id = b.video_id LIMIT {MaxUnindexedRead}",
            connection);
        var videos = new List<VideoRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            videos.Add(VideoColumns.Read(reader));
        }

        return videos;
    }

    /// <summary>The query's conditions on one video, exactly as the SQL of <see cref="PageCommand"/> applies them.</summary>
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

        if (query.After is { } position)
        {
            var sign = new PageOrder(query.Order).Compare(video, position.PublishedAt, position.VideoId);
            if (sign <= 0)
            {
                return false;
            }
        }

        if (query.Words.Count == 0)
        {
            return true;
        }

        var terms = SearchTerms.IndexTerms(video.Title, video.Description);
        return query.Words.All(terms.Contains);
    }

    private static MySqlCommand PageCommand(MySqlConnection connection, VideoQuery query, IReadOnlyList<string> words)
    {
        var (sql, parameters) = PageSql(query, words);
        var command = new MySqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>
    /// The statement of one page (of the index, for a search) and its parameters, with the search words in the
    /// order given: the rarest first (<see cref="RarestFirstAsync"/>). Public so that the benchmark explains exactly this.
    /// </summary>
    public static (string Sql, IReadOnlyDictionary<string, object> Parameters) PageSql(VideoQuery query, IReadOnlyList<string> words)
    {
        var parameters = new Dictionary<string, object>();
        var (descending, comparison) = query.Order == SortOrder.NewestFirst ? ("DESC", "<") : ("ASC", ">");
        var sql = new StringBuilder();
        string driver;
        if (words.Count == 0)
        {
            driver = "v";
            sql.Append($"SELECT {VideoColumns.Select} FROM videos v WHERE 1 = 1");
        }
        else
        {
            // The rarest word drives: its index rows come out in (published_at, video_id) order, and each other
            // word is a primary-key lookup on the same (published_at, video_id). The page is found in the term
            // index alone; only its rows are read from videos (the join below).
            driver = "d";
            sql.Append("SELECT d.published_at, d.video_id FROM video_terms d");
            if (query.ChannelId is not null)
            {
                sql.Append(" JOIN videos v ON v.video_id = d.video_id");
            }

            sql.Append(" WHERE d.term = @w0");
            parameters.Add("@w0", words[0]);
            for (var i = 1; i < words.Count; i++)
            {
                sql.Append($" AND EXISTS (SELECT 1 FROM video_terms x{i} WHERE x{i}.term = @w{i} AND x{i}.published_at = d.published_at AND x{i}.video_id = d.video_id)");
                parameters.Add($"@w{i}", words[i]);
            }
        }

        if (query.ChannelId is not null)
        {
            sql.Append(" AND v.channel_id = @channel");
            parameters.Add("@channel", query.ChannelId);
        }

        if (query.PublishedAfter is { } after)
        {
            sql.Append($" AND {driver}.published_at >= @after");
            parameters.Add("@after", after);
        }

        if (query.PublishedBefore is { } before)
        {
            sql.Append($" AND {driver}.published_at < @before");
            parameters.Add("@before", before);
        }

        if (query.After is { } position)
        {
            sql.Append($" AND ({driver}.published_at {comparison} @pos_at OR ({driver}.published_at = @pos_at AND {driver}.video_id {comparison} @pos_id))");
            parameters.Add("@pos_at", position.PublishedAt);
            parameters.Add("@pos_id", position.VideoId);
        }

        sql.Append($" ORDER BY {driver}.published_at {descending}, {driver}.video_id {descending} LIMIT @limit");
        parameters.Add("@limit", query.Limit);
        var text = words.Count == 0
            ? sql.ToString()
            : $"SELECT {VideoColumns.Select} FROM ({sql}) page JOIN videos v ON v.video_id = page.video_id " +
              $"ORDER BY page.published_at {descending}, page.video_id {descending}";
        return (text, parameters);
    }

    /// <summary>The page's order on (published_at, video_id); video ids compare as the ascii_bin column does.</summary>
    private sealed class PageOrder(SortOrder order) : IComparer<VideoRecord>
    {
        public int Compare(VideoRecord? x, VideoRecord? y) => Compare(x!, y!.PublishedAt, y.VideoId);

        /// <summary>Negative when the video comes before the position in this order, positive when after.</summary>
        public int Compare(VideoRecord video, DateTime publishedAt, string videoId)
        {
            var ascending = video.PublishedAt != publishedAt
                ? video.PublishedAt.CompareTo(publishedAt)
                : string.CompareOrdinal(video.VideoId, videoId);
            return order == SortOrder.NewestFirst ? -ascending : ascending;
        }
    }

    /// <summary>The order a search puts these words in, rarest first (for the benchmark's diagnostics).</summary>
    public async Task<IReadOnlyList<string>> RarestFirstAsync(IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await ProbeAsync(connection, "", words, cancellationToken)).Words;
    }

    /// <summary>
    /// Starts the search's read-only snapshot and, in the same round trip, counts the queued videos and (for
    /// several words) how common each word is, so that the rarest word can drive the scan.
    /// </summary>
    private static Task<(IReadOnlyList<string> Words, long Queued)> StartSearchAsync(
        MySqlConnection connection, IReadOnlyList<string> words, CancellationToken cancellationToken) =>
        ProbeAsync(connection, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY; ", words, cancellationToken);

    private static async Task<(IReadOnlyList<string> Words, long Queued)> ProbeAsync(
        MySqlConnection connection, string before, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var (sql, parameters) = SearchProbeSql(words);
        await using var command = new MySqlCommand(before + sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        long queued;
        var counts = new long[words.Count > 1 ? words.Count : 0];
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            queued = reader.GetInt64(0);
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] = reader.GetInt64(i + 1);
            }
        }

        // Among equally common words, the longer one is likely the rarer.
        var ordered = counts.Length == 0
            ? words
            : words
                .Select((word, i) => (word, count: counts[i]))
                .OrderBy(w => w.count)
                .ThenByDescending(w => w.word.Length)
                .Select(w => w.word)
                .ToList();
        return (ordered, queued);
    }

    /// <summary>
    /// The statement a search starts with: the number of queued videos (up to <see cref="MaxUnindexedRead"/>), then,
    /// for several words, each word's index rows counted up to <see cref="SelectivityProbeLimit"/>.
    /// </summary>
    public static (string Sql, IReadOnlyDictionary<string, object> Parameters) SearchProbeSql(IReadOnlyList<string> words)
    {
        var parameters = new Dictionary<string, object>();
        var sql = new StringBuilder($"SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM search_backlog LIMIT {MaxUnindexedRead}) q)");
        for (var i = 0; words.Count > 1 && i < words.Count; i++)
        {
            sql.Append($", (SELECT COUNT(*) FROM (SELECT 1 FROM video_terms WHERE term = @w{i} LIMIT {SelectivityProbeLimit}) c{i})");
            parameters.Add($"@w{i}", words[i]);
        }

        return (sql.ToString(), parameters);
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
