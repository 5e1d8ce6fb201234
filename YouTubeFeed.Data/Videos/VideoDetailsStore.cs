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
    /// Locks the videos and their backlog rows (a writer or an indexer holding one is waited for) and returns every
    /// version of them that may have rows in <c>video_terms</c>: the stored version, and the one a backlog row
    /// records as indexed. Their rows are then deleted by key: <c>video_terms</c> has no index on the video alone,
    /// and a <c>DELETE … WHERE video_id IN (…)</c> read (and locked) the whole index, ~18 million rows at 1,000,000
    /// videos, for every batch of gone or expired videos.
    /// </summary>
    private static async Task<List<(string VideoId, DateTime PublishedAt, IReadOnlyCollection<string> Terms)>> IndexedVersionsAsync(
        MySqlConnection connection, MySqlTransaction transaction, List<string> ids, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        var list = new StringBuilder();
        for (var i = 0; i < ids.Count; i++)
        {
            list.Append(i == 0 ? "@id0" : $",@id{i}");
            command.Parameters.AddWithValue($"@id{i}", ids[i]);
        }

        // Videos first, then the backlog: the order in which VideoWriter takes them.
        command.CommandText =
            $"SELECT video_id, title, description, published_at FROM videos WHERE video_id IN ({list}) FOR UPDATE; " +
            $"SELECT video_id, indexed_published_at, indexed_terms FROM search_backlog WHERE video_id IN ({list}) FOR UPDATE";
        var versions = new List<(string VideoId, DateTime PublishedAt, IReadOnlyCollection<string> Terms)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Its rows, if it was indexed; deleting rows that are not there costs one lookup each.
            versions.Add((reader.GetString(0), DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc),
                SearchTerms.IndexTerms(reader.GetString(1), reader.GetString(2))));
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(1) && !reader.IsDBNull(2))
            {
                versions.Add((reader.GetString(0), DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc),
                    SearchIndexer.RecordedTerms(reader.GetString(2))));
            }
        }

        return versions;
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
            var indexed = await IndexedVersionsAsync(connection, transaction, ids, cancellationToken);
            if (indexed.Count > 0)
            {
                await using var deleteTerms = SearchIndexer.DeleteTermsCommand(connection, indexed);
                deleteTerms.Transaction = transaction;
                await deleteTerms.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
            var list = new StringBuilder();
            for (var i = 0; i < ids.Count; i++)
            {
                list.Append(i == 0 ? "@id0" : $",@id{i}");
                command.Parameters.AddWithValue($"@id{i}", ids[i]);
            }

            var sql = new StringBuilder();
            if (goneAt is { } at)
            {
                sql.Append("INSERT INTO gone_videos (video_id, gone_at) VALUES ")
                    .AppendJoin(',', Enumerable.Range(0, ids.Count).Select(i => $"(@id{i},@gone)"))
                    .Append(" ON DUPLICATE KEY UPDATE gone_at = gone_at;");
                command.Parameters.AddWithValue("@gone", at);
            }

            sql.Append($"DELETE FROM search_backlog WHERE video_id IN ({list});")
                .Append($"DELETE FROM videos WHERE video_id IN ({list});")
                .Append("SELECT ROW_COUNT()");
            command.CommandText = sql.ToString();
            var deleted = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            await transaction.CommitAsync(cancellationToken);
            return deleted;
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
