using System.Globalization;
using System.Text;
using MySqlConnector;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// Writes the search terms of the videos in <c>search_backlog</c>, outside the write path: storing a video
/// costs one row plus one backlog row, and its ~20 term rows (one per distinct word) are written here, a batch
/// at a time.
/// </summary>
/// <remarks>
/// Safe with several indexers and writers at once. An indexer locks the backlog rows it takes
/// (<c>FOR UPDATE SKIP LOCKED</c>, so two indexers take different videos) before it reads the videos. A writer
/// that changes one of those videos meanwhile waits on that lock when it re-queues the video, and queues it
/// again once the indexer has committed: the newer version is indexed by the next batch, never skipped.
/// </remarks>
public sealed class SearchIndexer(MySqlDataSource dataSource)
{
    /// <summary>
    /// Term rows per INSERT. Every INSERT has this many rows (the last one repeats a row, which its ON DUPLICATE
    /// KEY clause absorbs), so one prepared statement serves every batch: the binary protocol and a statement
    /// parsed once cut the indexer's time per video by about a third against a text INSERT (docs/benchmarks.md).
    /// </summary>
    public const int TermRowsPerStatement = 256;

    /// <summary>
    /// The most videos one batch takes: ~2,200 term rows a transaction. Also below the server's
    /// <c>eq_range_index_dive_limit</c> (200), so that the optimizer estimates the reads' <c>IN (…)</c> lists from
    /// the index itself rather than from statistics taken while the table was empty.
    /// </summary>
    public const int MaxBatchSize = 100;

    private static readonly string InsertSql = BuildInsertSql();

    /// <summary>
    /// Takes the batch: the videos that waited longest, in the queue's index. Without the hint the optimizer reads
    /// the whole backlog and sorts it to find them (the columns taken are not in that index): 9 ms a batch with
    /// 20,000 videos queued, so that catching up on a backlog cost time in proportion to its size.
    /// </summary>
    private static readonly string TakeSql =
        "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION; " +
        $"SELECT video_id, indexed_published_at, indexed_terms FROM search_backlog FORCE INDEX ({SearchBacklogEntryConfiguration.QueueIndex}) " +
        "ORDER BY queued_at, video_id LIMIT @n FOR UPDATE SKIP LOCKED";

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
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The rows a batch of videos adds to <c>video_terms</c>, in key order (inserts in order touch fewer pages).</summary>
    public static List<(string Term, DateTime PublishedAt, string VideoId)> TermRows(IEnumerable<(string VideoId, string Title, string Description, DateTime PublishedAt)> videos)
    {
        var rows = videos
            .SelectMany(v => SearchTerms.IndexTerms(v.Title, v.Description).Select(term => (Term: term, v.PublishedAt, v.VideoId)))
            .ToList();
        rows.Sort(static (a, b) =>
        {
            var byTerm = string.CompareOrdinal(a.Term, b.Term);
            if (byTerm != 0)
            {
                return byTerm;
            }

            var byTime = a.PublishedAt.CompareTo(b.PublishedAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.VideoId, b.VideoId);
        });
        return rows;
    }

    /// <summary>
    /// Inserts term rows with the indexer's prepared statement, <see cref="TermRowsPerStatement"/> rows at a time.
    /// Public so that the benchmark times exactly this.
    /// </summary>
    public static async Task InsertTermRowsAsync(
        MySqlConnection connection, IReadOnlyList<(string Term, DateTime PublishedAt, string VideoId)> rows, CancellationToken cancellationToken, string table = "video_terms")
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var insert = new MySqlCommand(table == "video_terms" ? InsertSql : BuildInsertSql(table), connection);
        for (var i = 0; i < TermRowsPerStatement; i++)
        {
            insert.Parameters.Add(new MySqlParameter { MySqlDbType = MySqlDbType.VarChar });
            insert.Parameters.Add(new MySqlParameter { MySqlDbType = MySqlDbType.DateTime });
            insert.Parameters.Add(new MySqlParameter { MySqlDbType = MySqlDbType.VarChar });
        }

        await insert.PrepareAsync(cancellationToken);
        for (var start = 0; start < rows.Count; start += TermRowsPerStatement)
        {
            for (var i = 0; i < TermRowsPerStatement; i++)
            {
                // The last statement repeats its last row to fill up; ON DUPLICATE KEY makes the repeat a no-op.
                var row = rows[Math.Min(start + i, rows.Count - 1)];
                insert.Parameters[3 * i].Value = row.Term;
                insert.Parameters[(3 * i) + 1].Value = row.PublishedAt;
                insert.Parameters[(3 * i) + 2].Value = row.VideoId;
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<int> IndexOnceAsync(int maxVideos, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var committed = false;
        try
        {
            // The transaction begins in the statement that takes the batch and ends in the one that empties it.
            var taken = new List<(string VideoId, DateTime? IndexedPublishedAt, string? IndexedTerms)>();
            await using (var take = new MySqlCommand(TakeSql, connection))
            {
                take.Parameters.AddWithValue("@n", maxVideos);
                await using var reader = await take.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    taken.Add((
                        reader.GetString(0),
                        reader.IsDBNull(1) ? null : DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc),
                        reader.IsDBNull(2) ? null : reader.GetString(2)));
                }
            }

            if (taken.Count == 0)
            {
                await using var end = new MySqlCommand("COMMIT", connection);
                await end.ExecuteNonQueryAsync(cancellationToken);
                committed = true;
                return 0;
            }

            // A plain read sees the last committed version of each video: a writer changing one now re-queues it.
            var ids = taken.Select(t => t.VideoId).ToList();
            var videos = new List<(string VideoId, string Title, string Description, DateTime PublishedAt)>();
            await using (var read = InCommand(connection, "SELECT video_id, title, description, published_at FROM videos WHERE video_id IN ", ids))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    videos.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc)));
                }
            }

            // Only changed videos have terms to replace: those of the version the writer saw indexed, deleted by key.
            var replaced = taken
                .Where(t => t.IndexedPublishedAt is not null && t.IndexedTerms is not null)
                .Select(t => (t.VideoId, t.IndexedPublishedAt!.Value, RecordedTerms(t.IndexedTerms!)))
                .ToList();
            await using (var delete = DeleteTermsCommand(connection, replaced))
            {
                if (delete is not null)
                {
                    await delete.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await InsertTermRowsAsync(connection, TermRows(videos), cancellationToken);

            await using (var done = PerVideoCommand(connection, "DELETE FROM search_backlog WHERE video_id = ", ids))
            {
                done.CommandText += "COMMIT";
                await done.ExecuteNonQueryAsync(cancellationToken);
            }

            committed = true;
            return ids.Count;
        }
        finally
        {
            if (!committed)
            {
                await RollBackAsync(connection);
            }
        }
    }

    /// <summary>
    /// Deletes the term rows of the given versions of videos by key (the terms, the publish time and the id are the
    /// whole key): one DELETE per version, each a handful of index lookups, whatever the size of the index. Null
    /// when no version has a term (a video whose words are all left out of the index has no rows).
    /// </summary>
    internal static MySqlCommand? DeleteTermsCommand(
        MySqlConnection connection, IReadOnlyList<(string VideoId, DateTime PublishedAt, IReadOnlyCollection<string> Terms)> versions)
    {
        var command = new MySqlCommand { Connection = connection };
        var sql = new StringBuilder();
        var n = 0;
        for (var i = 0; i < versions.Count; i++)
        {
            var (videoId, publishedAt, terms) = versions[i];
            if (terms.Count == 0)
            {
                continue;
            }

            sql.Append($"DELETE FROM video_terms WHERE published_at = @p{i} AND video_id = @v{i} AND term IN (");
            command.Parameters.AddWithValue($"@p{i}", publishedAt);
            command.Parameters.AddWithValue($"@v{i}", videoId);
            var first = true;
            foreach (var term in terms)
            {
                sql.Append(first ? "" : ",").Append($"@t{n}");
                command.Parameters.AddWithValue($"@t{n}", term);
                first = false;
                n++;
            }

            sql.Append(");");
        }

        if (sql.Length == 0)
        {
            command.Dispose();
            return null;
        }

        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>The terms a backlog row records for the version in the index (<c>indexed_terms</c>, space-separated).</summary>
    internal static IReadOnlyCollection<string> RecordedTerms(string indexedTerms) =>
        indexedTerms.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string BuildInsertSql(string table = "video_terms")
    {
        var sql = new StringBuilder($"INSERT INTO {table} (term, published_at, video_id) VALUES ");
        for (var i = 0; i < TermRowsPerStatement; i++)
        {
            sql.Append(i == 0 ? "(?,?,?)" : ",(?,?,?)");
        }

        return sql.Append(" ON DUPLICATE KEY UPDATE term = term").ToString();
    }

    /// <summary>
    /// One statement per video, in one round trip. A DELETE with an IN list may be planned as a scan of a small
    /// table, which waits on the rows other indexers hold (a DELETE does not skip them) and deadlocks with them,
    /// even with <c>FORCE INDEX (PRIMARY)</c> (a full scan of the primary key is still "the index": seen with 4
    /// indexers on 18,000 queued videos); an equality on the key is always a lookup.
    /// </summary>
    private static MySqlCommand PerVideoCommand(MySqlConnection connection, string sqlPrefix, List<string> ids)
    {
        var command = new MySqlCommand { Connection = connection };
        var sql = new StringBuilder();
        for (var i = 0; i < ids.Count; i++)
        {
            sql.Append(sqlPrefix).Append($"@id{i};");
            command.Parameters.AddWithValue($"@id{i}", ids[i]);
        }

        command.CommandText = sql.ToString();
        return command;
    }

    private static MySqlCommand InCommand(MySqlConnection connection, string sqlPrefix, List<string> ids)
    {
        var command = new MySqlCommand { Connection = connection };
        var sql = new StringBuilder(sqlPrefix).Append('(');
        for (var i = 0; i < ids.Count; i++)
        {
            sql.Append(i == 0 ? "@id0" : $",@id{i}");
            command.Parameters.AddWithValue($"@id{i}", ids[i]);
        }

        command.CommandText = sql.Append(')').ToString();
        return command;
    }

    /// <summary>Ends a failed batch's transaction now (a deadlock rolls back by itself, a lock wait timeout does not).</summary>
    private static async Task RollBackAsync(MySqlConnection connection)
    {
        try
        {
            await using var rollback = new MySqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is MySqlException or InvalidOperationException)
        {
            // The connection is broken; the server ends its transaction when the connection goes.
        }
    }
}
