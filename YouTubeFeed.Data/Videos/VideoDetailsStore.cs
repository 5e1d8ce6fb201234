using System.Text;
using MySqlConnector;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// The Worker's enrichment reads and writes: which videos to ask videos.list about, what it said, which videos are
/// gone (deleted with a tombstone, so that no listing, search, count or cached page can show them), and the
/// retention's deletes.
/// </summary>
public sealed class VideoDetailsStore(MySqlDataSource dataSource)
{
    /// <summary>Videos not enriched yet, the most recently stored first (index ix_videos_enriched_at_first_seen_at).</summary>
    public Task<IReadOnlyList<string>> PendingAsync(int limit, CancellationToken cancellationToken) =>
        IdsAsync(
            "SELECT video_id FROM videos WHERE enriched_at IS NULL ORDER BY first_seen_at DESC LIMIT @limit",
            cancellationToken,
            ("@limit", limit));

    /// <summary>Enriched videos published since <paramref name="publishedSince"/> whose details were read before
    /// <paramref name="readBefore"/>, the longest unread first.</summary>
    public Task<IReadOnlyList<string>> StaleAsync(DateTime publishedSince, DateTime readBefore, int limit, CancellationToken cancellationToken) =>
        IdsAsync(
            "SELECT video_id FROM videos WHERE published_at >= @since AND enriched_at < @before ORDER BY enriched_at LIMIT @limit",
            cancellationToken,
            ("@since", publishedSince),
            ("@before", readBefore),
            ("@limit", limit));

    /// <summary>Videos published before <paramref name="cutoff"/>, oldest first.</summary>
    public Task<IReadOnlyList<string>> OlderThanAsync(DateTime cutoff, int limit, CancellationToken cancellationToken) =>
        IdsAsync(
            "SELECT video_id FROM videos WHERE published_at < @cutoff ORDER BY published_at LIMIT @limit",
            cancellationToken,
            ("@cutoff", cutoff),
            ("@limit", limit));

    /// <summary>Stores what videos.list said; returns how many of the videos are still stored.</summary>
    public async Task<int> ApplyAsync(IReadOnlyList<(string VideoId, VideoDetails Details)> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return 0;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand { Connection = connection };
        var sql = new StringBuilder();
        for (var i = 0; i < updates.Count; i++)
        {
            var (id, d) = updates[i];
            sql.Append(
                $"UPDATE videos SET duration_seconds = @du{i}, view_count = @vc{i}, like_count = @lc{i}, comment_count = @cc{i}, " +
                $"live_state = @ls{i}, scheduled_start_at = @ss{i}, actual_start_at = @as{i}, actual_end_at = @ae{i}, " +
                $"definition = @df{i}, is_short = @sh{i}, stats_read_at = @sr{i}, enriched_at = @en{i} WHERE video_id = @id{i};");
            command.Parameters.AddWithValue($"@id{i}", id);
            command.Parameters.AddWithValue($"@du{i}", d.DurationSeconds);
            command.Parameters.AddWithValue($"@vc{i}", d.ViewCount ?? 0);
            command.Parameters.AddWithValue($"@lc{i}", d.LikeCount);
            command.Parameters.AddWithValue($"@cc{i}", d.CommentCount);
            command.Parameters.AddWithValue($"@ls{i}", (byte)d.Live);
            command.Parameters.AddWithValue($"@ss{i}", d.ScheduledStartAt);
            command.Parameters.AddWithValue($"@as{i}", d.ActualStartAt);
            command.Parameters.AddWithValue($"@ae{i}", d.ActualEndAt);
            command.Parameters.AddWithValue($"@df{i}", d.Definition.Length <= 2 ? d.Definition : d.Definition[..2]);
            command.Parameters.AddWithValue($"@sh{i}", d.IsShort);
            command.Parameters.AddWithValue($"@sr{i}", d.StatsReadAt);
            command.Parameters.AddWithValue($"@en{i}", d.EnrichedAt);
        }

        command.CommandText = sql.ToString();
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes gone videos with their terms and queue entries, and records each in <c>gone_videos</c> so that
    /// <see cref="VideoWriter"/> does not store it again; one transaction. Returns how many stored videos it deleted.
    /// </summary>
    public Task<int> MarkGoneAsync(IReadOnlyList<string> videoIds, DateTime now, CancellationToken cancellationToken) =>
        DeleteAsync(videoIds, now, cancellationToken);

    /// <summary>Deletes videos (retention) with their terms and queue entries, leaving no tombstone.</summary>
    public Task<int> DeleteAsync(IReadOnlyList<string> videoIds, CancellationToken cancellationToken) =>
        DeleteAsync(videoIds, null, cancellationToken);

    /// <summary>
    /// Locks the videos and their backlog rows (a writer or an indexer holding one is waited for) and returns the ids
    /// stored and every version of them that may have rows in <c>video_terms</c>: the stored version, and the one a
    /// backlog row records as indexed. Their rows are then deleted by key: <c>video_terms</c> has no index on the
    /// video alone, and a <c>DELETE … WHERE video_id IN (…)</c> read (and locked) the whole index, ~18 million rows
    /// at 1,000,000 videos, for every batch of gone or expired videos. This holds only while the rows in the index
    /// are the ones <see cref="SearchTerms.IndexTerms"/> gives today: a change to it needs the index rebuilt (a
    /// migration that empties <c>video_terms</c> and queues every video, as <c>SearchWholeWords</c> does).
    /// </summary>
    /// <remarks>
    /// One statement per id, in id order, videos first, then the backlog (the order in which VideoWriter takes them;
    /// the indexer locks only new videos, shared and in id order too, and no backlog row after them): an IN list may be
    /// planned as a scan of a small table, which would wait on, and lock, rows of other videos.
    /// </remarks>
    private static async Task<(List<string> Stored, List<(string VideoId, DateTime PublishedAt, IReadOnlyCollection<string> Terms)> Versions)> LockIndexedVersionsAsync(
        MySqlConnection connection, MySqlTransaction transaction, List<string> ids, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        var sql = new StringBuilder();
        for (var i = 0; i < ids.Count; i++)
        {
            sql.Append($"SELECT video_id, title, description, published_at FROM videos WHERE video_id = @id{i} FOR UPDATE;");
            command.Parameters.AddWithValue($"@id{i}", ids[i]);
        }

        for (var i = 0; i < ids.Count; i++)
        {
            sql.Append($"SELECT video_id, indexed_published_at, indexed_terms FROM search_backlog WHERE video_id = @id{i} FOR UPDATE;");
        }

        command.CommandText = sql.ToString();
        var stored = new List<string>();
        var versions = new List<(string VideoId, DateTime PublishedAt, IReadOnlyCollection<string> Terms)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var resultSet = 0;
        do
        {
            var isVideo = resultSet++ < ids.Count;
            while (await reader.ReadAsync(cancellationToken))
            {
                if (isVideo)
                {
                    // Its rows, if it was indexed; deleting rows that are not there costs one lookup each.
                    stored.Add(reader.GetString(0));
                    versions.Add((reader.GetString(0), DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc),
                        SearchTerms.IndexTerms(reader.GetString(1), reader.GetString(2))));
                }
                else if (!reader.IsDBNull(1) && !reader.IsDBNull(2))
                {
                    versions.Add((reader.GetString(0), DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc),
                        SearchIndexer.RecordedTerms(reader.GetString(2))));
                }
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return (stored, versions);
    }

    private async Task<int> DeleteAsync(IReadOnlyList<string> videoIds, DateTime? goneAt, CancellationToken cancellationToken)
    {
        var ids = videoIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return 0;
        }

        return await LockConflicts.RetryAsync(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
            var (stored, versions) = await LockIndexedVersionsAsync(connection, transaction, ids, cancellationToken);
            await using (var deleteTerms = SearchIndexer.DeleteTermsCommand(connection, versions))
            {
                if (deleteTerms is not null)
                {
                    deleteTerms.Transaction = transaction;
                    await deleteTerms.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            // The tombstone for every id asked about; the deletes for the videos locked above only (an id not stored
            // then has no lock, and whatever a writer stores under it meanwhile is not this call's to delete).
            await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
            var sql = new StringBuilder();
            if (goneAt is { } at)
            {
                sql.Append("INSERT INTO gone_videos (video_id, gone_at) VALUES ")
                    .AppendJoin(',', Enumerable.Range(0, ids.Count).Select(i => $"(@id{i},@gone)"))
                    .Append(" ON DUPLICATE KEY UPDATE gone_at = gone_at;");
                command.Parameters.AddWithValue("@gone", at);
                for (var i = 0; i < ids.Count; i++)
                {
                    command.Parameters.AddWithValue($"@id{i}", ids[i]);
                }
            }

            for (var i = 0; i < stored.Count; i++)
            {
                sql.Append($"DELETE FROM search_backlog WHERE video_id = @s{i};DELETE FROM videos WHERE video_id = @s{i};");
                command.Parameters.AddWithValue($"@s{i}", stored[i]);
            }

            if (sql.Length > 0)
            {
                command.CommandText = sql.ToString();
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);

            // Locked since they were read: each of them is deleted now.
            return stored.Count;
        });
    }

    private async Task<IReadOnlyList<string>> IdsAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
