using System.Text;
using MySqlConnector;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// Writes the search terms of the videos in <c>search_backlog</c>, outside the write path: storing a video
/// costs one row plus one backlog row, and its ~100 term rows are written here, a batch at a time.
/// </summary>
/// <remarks>
/// Safe with several indexers and writers at once. An indexer locks the backlog rows it takes
/// (<c>FOR UPDATE SKIP LOCKED</c>, so two indexers take different videos) before it reads the videos. A writer
/// that changes one of those videos meanwhile waits on that lock when it re-queues the video, and queues it
/// again once the indexer has committed: the newer version is indexed by the next batch, never skipped.
/// </remarks>
public sealed class SearchIndexer(MySqlDataSource dataSource)
{
    private const int TermRowsPerStatement = 2000;

    /// <summary>
    /// The most videos one batch takes: ~12,000 term rows a transaction. Also below the server's
    /// <c>eq_range_index_dive_limit</c> (200), so that the optimizer estimates the reads' <c>IN (…)</c> lists from
    /// the index itself rather than from statistics taken while the table was empty.
    /// </summary>
    public const int MaxBatchSize = 100;

    /// <summary>Indexes up to <paramref name="maxVideos"/> queued videos (at most <see cref="MaxBatchSize"/>); returns how many it took off the backlog.</summary>
    public async Task<int> IndexNextAsync(int maxVideos, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxVideos, 1);
        maxVideos = Math.Min(maxVideos, MaxBatchSize);
        return await LockConflicts.RetryAsync(() => IndexOnceAsync(maxVideos, cancellationToken));
    }

    /// <summary>Indexes until the backlog is empty; returns how many videos that took off it.</summary>
    public async Task<long> DrainAsync(CancellationToken cancellationToken, int batchSize = MaxBatchSize)
    {
        long total = 0;
        int taken;
        while ((taken = await IndexNextAsync(batchSize, cancellationToken)) > 0)
        {
            total += taken;
        }

        return total;
    }

    /// <summary>How many videos wait for their terms.</summary>
    public async Task<long> BacklogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT COUNT(*) FROM search_backlog", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<int> IndexOnceAsync(int maxVideos, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);

        var ids = new List<string>();
        await using (var take = new MySqlCommand(
            "SELECT video_id FROM search_backlog ORDER BY video_id LIMIT @n FOR UPDATE SKIP LOCKED", connection, transaction))
        {
            take.Parameters.AddWithValue("@n", maxVideos);
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        if (ids.Count == 0)
        {
            return 0;
        }

        // A plain read sees the last committed version of each video: a writer changing one now re-queues it.
        var videos = new List<(string VideoId, string Title, string Description, DateTime PublishedAt)>();
        await using (var read = InCommand(connection, transaction, "SELECT video_id, title, description, published_at FROM videos WHERE video_id IN ", ids))
        {
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                videos.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc)));
            }
        }

        // Only changed videos have terms to replace; looking first keeps the DELETE (and its locks) off new ones.
        var indexedBefore = new List<string>();
        await using (var find = InCommand(connection, transaction, "SELECT DISTINCT video_id FROM video_terms WHERE video_id IN ", ids))
        {
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                indexedBefore.Add(reader.GetString(0));
            }
        }

        if (indexedBefore.Count > 0)
        {
            await using var delete = PerVideoCommand(connection, transaction, "DELETE FROM video_terms WHERE video_id = ", indexedBefore);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        var rows = videos
            .SelectMany(v => SearchTerms.IndexTerms(v.Title, v.Description).Select(term => (Term: term, v.PublishedAt, v.VideoId)))
            .ToList();
        foreach (var chunk in rows.Chunk(TermRowsPerStatement))
        {
            await using var insert = new MySqlCommand { Connection = connection, Transaction = transaction };
            var sql = new StringBuilder("INSERT INTO video_terms (term, published_at, video_id) VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "" : ",").Append($"(@t{i},@p{i},@v{i})");
                insert.Parameters.AddWithValue($"@t{i}", chunk[i].Term);
                insert.Parameters.AddWithValue($"@p{i}", chunk[i].PublishedAt);
                insert.Parameters.AddWithValue($"@v{i}", chunk[i].VideoId);
            }

            insert.CommandText = sql.ToString();
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var done = PerVideoCommand(connection, transaction, "DELETE FROM search_backlog WHERE video_id = ", ids))
        {
            await done.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    /// <summary>
    /// One statement per video, in one round trip. A DELETE with an IN list may be planned as a scan of a small
    /// table, which waits on the rows other indexers hold (a DELETE does not skip them) and deadlocks with them;
    /// an equality on the key is always a lookup.
    /// </summary>
    private static MySqlCommand PerVideoCommand(MySqlConnection connection, MySqlTransaction transaction, string sqlPrefix, List<string> ids)
    {
        var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        var sql = new StringBuilder();
        for (var i = 0; i < ids.Count; i++)
        {
            sql.Append(sqlPrefix).Append($"@id{i};");
            command.Parameters.AddWithValue($"@id{i}", ids[i]);
        }

        command.CommandText = sql.ToString();
        return command;
    }

    private static MySqlCommand InCommand(MySqlConnection connection, MySqlTransaction transaction, string sqlPrefix, List<string> ids)
    {
        var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        var sql = new StringBuilder(sqlPrefix).Append('(');
        for (var i = 0; i < ids.Count; i++)
        {
            sql.Append(i == 0 ? "@id0" : $",@id{i}");
            command.Parameters.AddWithValue($"@id{i}", ids[i]);
        }

        command.CommandText = sql.Append(')').ToString();
        return command;
    }
}
