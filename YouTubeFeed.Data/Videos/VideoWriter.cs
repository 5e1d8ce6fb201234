using System.Text;
using MySqlConnector;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// Stores videos: one multi-row <c>INSERT … ON DUPLICATE KEY UPDATE</c> per batch, plus their search terms,
/// in one transaction, so a batch is stored whole or not at all. This is the only write path for videos
/// (the Worker and the benchmark both use it).
/// </summary>
public sealed class VideoWriter(MySqlDataSource dataSource)
{
    private const int TermRowsPerStatement = 2000;

    public async Task<UpsertResult> UpsertAsync(IReadOnlyList<VideoRecord> batch, CancellationToken cancellationToken)
    {
        // Sorted, so that two writers lock rows in the same order and never wait on each other in a circle.
        var videos = batch
            .GroupBy(v => v.VideoId, StringComparer.Ordinal)
            .Select(g => Clamp(g.Last()))
            .OrderBy(v => v.VideoId, StringComparer.Ordinal)
            .ToList();
        if (videos.Count == 0)
        {
            return UpsertResult.Empty;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await UpsertOnceAsync(videos, cancellationToken);
            }
            catch (MySqlException exception) when (exception.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout
                                                   && attempt < MaxAttempts)
            {
                // InnoDB rolled the whole transaction back: doing it again is safe.
            }
        }
    }

    private const int MaxAttempts = 3;

    private async Task<UpsertResult> UpsertOnceAsync(List<VideoRecord> videos, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // READ COMMITTED: the FOR UPDATE on ids that do not exist yet takes no gap locks, which is what made
        // concurrent writers of unrelated batches deadlock under REPEATABLE READ.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);

        var existing = await ReadExistingAsync(connection, transaction, videos, cancellationToken);
        var inserted = new List<string>();
        var changed = new List<VideoRecord>();
        var unchanged = 0;
        foreach (var video in videos)
        {
            if (!existing.TryGetValue(video.VideoId, out var stored))
            {
                inserted.Add(video.VideoId);
                changed.Add(video);
            }
            else if (stored != video)
            {
                changed.Add(video);
            }
            else
            {
                unchanged++;
            }
        }

        if (changed.Count > 0)
        {
            await UpsertRowsAsync(connection, transaction, changed, cancellationToken);
            await ReplaceTermsAsync(connection, transaction, changed, existing, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new UpsertResult(inserted, changed.Count - inserted.Count, unchanged);
    }

    private static async Task<Dictionary<string, VideoRecord>> ReadExistingAsync(
        MySqlConnection connection, MySqlTransaction transaction, List<VideoRecord> videos, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        var sql = new StringBuilder($"SELECT {VideoColumns.Select} FROM videos v WHERE v.video_id IN (");
        for (var i = 0; i < videos.Count; i++)
        {
            sql.Append(i == 0 ? "@id0" : $",@id{i}");
            command.Parameters.AddWithValue($"@id{i}", videos[i].VideoId);
        }

        // FOR UPDATE: two writers of the same new video serialise here instead of both inserting its terms.
        command.CommandText = sql.Append(") FOR UPDATE").ToString();
        var existing = new Dictionary<string, VideoRecord>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var video = VideoColumns.Read(reader);
            existing[video.VideoId] = video;
        }

        return existing;
    }

    private static async Task UpsertRowsAsync(
        MySqlConnection connection, MySqlTransaction transaction, List<VideoRecord> videos, CancellationToken cancellationToken)
    {
        // first_seen_at comes from the database's clock, the one OffsetPager compares it with.
        await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        var sql = new StringBuilder(
            "INSERT INTO videos (video_id, title, description, published_at, channel_id, channel_title, " +
            "thumbnail_default, thumbnail_medium, thumbnail_high, first_seen_at, updated_at) VALUES ");
        for (var i = 0; i < videos.Count; i++)
        {
            var v = videos[i];
            sql.Append(i == 0 ? "" : ",")
                .Append($"(@id{i},@t{i},@d{i},@p{i},@c{i},@ct{i},@th0{i},@th1{i},@th2{i},UTC_TIMESTAMP(6),UTC_TIMESTAMP(6))");
            command.Parameters.AddWithValue($"@id{i}", v.VideoId);
            command.Parameters.AddWithValue($"@t{i}", v.Title);
            command.Parameters.AddWithValue($"@d{i}", v.Description);
            command.Parameters.AddWithValue($"@p{i}", v.PublishedAt);
            command.Parameters.AddWithValue($"@c{i}", v.ChannelId);
            command.Parameters.AddWithValue($"@ct{i}", v.ChannelTitle);
            command.Parameters.AddWithValue($"@th0{i}", v.ThumbnailDefault);
            command.Parameters.AddWithValue($"@th1{i}", v.ThumbnailMedium);
            command.Parameters.AddWithValue($"@th2{i}", v.ThumbnailHigh);
        }

        // VALUES() rather than the row alias: MariaDB 10.11 has no row alias, and MySQL 8 still accepts VALUES().
        sql.Append(
            " ON DUPLICATE KEY UPDATE title = VALUES(title), description = VALUES(description), " +
            "published_at = VALUES(published_at), channel_id = VALUES(channel_id), channel_title = VALUES(channel_title), " +
            "thumbnail_default = VALUES(thumbnail_default), thumbnail_medium = VALUES(thumbnail_medium), " +
            "thumbnail_high = VALUES(thumbnail_high), updated_at = VALUES(updated_at)");
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ReplaceTermsAsync(
        MySqlConnection connection,
        MySqlTransaction transaction,
        List<VideoRecord> videos,
        Dictionary<string, VideoRecord> existing,
        CancellationToken cancellationToken)
    {
        var known = videos.Where(v => existing.ContainsKey(v.VideoId)).ToList();
        if (known.Count > 0)
        {
            await using var delete = new MySqlCommand { Connection = connection, Transaction = transaction };
            var sql = new StringBuilder("DELETE FROM video_terms WHERE video_id IN (");
            for (var i = 0; i < known.Count; i++)
            {
                sql.Append(i == 0 ? "@id0" : $",@id{i}");
                delete.Parameters.AddWithValue($"@id{i}", known[i].VideoId);
            }

            delete.CommandText = sql.Append(')').ToString();
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        var rows = videos
            .SelectMany(v => SearchTerms.IndexTerms(v.Title, v.Description).Select(term => (term, v.PublishedAt, v.VideoId)))
            .ToList();
        foreach (var chunk in rows.Chunk(TermRowsPerStatement))
        {
            await using var insert = new MySqlCommand { Connection = connection, Transaction = transaction };
            var sql = new StringBuilder("INSERT IGNORE INTO video_terms (term, published_at, video_id) VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "" : ",").Append($"(@t{i},@p{i},@v{i})");
                insert.Parameters.AddWithValue($"@t{i}", chunk[i].term);
                insert.Parameters.AddWithValue($"@p{i}", chunk[i].PublishedAt);
                insert.Parameters.AddWithValue($"@v{i}", chunk[i].VideoId);
            }

            insert.CommandText = sql.ToString();
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static VideoRecord Clamp(VideoRecord v) => v with
    {
        Title = Cut(v.Title, VideoLimits.TitleLength),
        ChannelTitle = Cut(v.ChannelTitle, VideoLimits.ChannelTitleLength),
        PublishedAt = DateTime.SpecifyKind(v.PublishedAt, DateTimeKind.Utc),
        ThumbnailDefault = Cut(v.ThumbnailDefault, VideoLimits.UrlLength),
        ThumbnailMedium = Cut(v.ThumbnailMedium, VideoLimits.UrlLength),
        ThumbnailHigh = Cut(v.ThumbnailHigh, VideoLimits.UrlLength),
    };

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
