using System.Text;
using System.Text.Json;
using MySqlConnector;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// Stores videos: one multi-row <c>INSERT … ON DUPLICATE KEY UPDATE</c> per batch, and the new or changed ones
/// queued for their search terms (<see cref="SearchIndexer"/>), in one transaction, so a batch is stored whole
/// or not at all. This is the only write path for videos (the Worker and the benchmark both use it).
/// </summary>
public sealed class VideoWriter(MySqlDataSource dataSource)
{
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

        return await LockConflicts.RetryAsync(() => UpsertOnceAsync(videos, cancellationToken));
    }

    private async Task<UpsertResult> UpsertOnceAsync(List<VideoRecord> videos, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Two round trips a batch: the transaction begins in the statement that reads the stored rows and ends in
        // the one that writes. A MySqlTransaction would add one round trip for BEGIN and one for COMMIT, which at
        // 50 rows is a third of the batch's time.
        var committed = false;
        try
        {
            var (existing, gone) = await BeginAndReadExistingAsync(connection, videos, cancellationToken);
            var inserted = new List<string>();
            var changed = new List<(VideoRecord Video, VideoRecord? Stored)>();
            var unchanged = 0;
            foreach (var video in videos)
            {
                if (gone.Contains(video.VideoId))
                {
                    // videos.list no longer returns it (VideoDetailsStore): search's index lags, the video stays out.
                    unchanged++;
                }
                else if (!existing.TryGetValue(video.VideoId, out var stored))
                {
                    inserted.Add(video.VideoId);
                    changed.Add((video, null));
                }
                else if (stored with { Details = null } != video with { Details = null })
                {
                    changed.Add((video, stored));
                }
                else
                {
                    unchanged++;
                }
            }

            await using var write = changed.Count > 0 ? StoreAndQueueCommand(connection, changed) : new MySqlCommand { Connection = connection };
            write.CommandText += changed.Count > 0 ? "; COMMIT" : "COMMIT";
            await write.ExecuteNonQueryAsync(cancellationToken);
            committed = true;
            return new UpsertResult(inserted, changed.Count - inserted.Count, unchanged);
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
    /// Ends a failed batch's transaction now: a deadlock rolls it back by itself, but a lock wait timeout or a
    /// failed statement ends only that statement. (The pool would reset the connection anyway.)
    /// </summary>
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

    /// <summary>The stored rows of a batch's videos, each by key (<see cref="BatchIds"/>).</summary>
    internal const string ReadStoredSql =
        $"SELECT {VideoColumns.Select} FROM {BatchIds.Table} STRAIGHT_JOIN videos v FORCE INDEX (PRIMARY) ON v.video_id = ids.id";

    /// <summary>Which of a batch's videos are gone (<see cref="VideoDetailsStore"/>), each by key.</summary>
    internal const string ReadGoneSql =
        $"SELECT g.video_id FROM {BatchIds.Table} STRAIGHT_JOIN gone_videos g FORCE INDEX (PRIMARY) ON g.video_id = ids.id";

    /// <summary>Begins the transaction, reads the stored rows of the batch (locked) and which of its ids are gone.</summary>
    private static async Task<(Dictionary<string, VideoRecord> Existing, HashSet<string> Gone)> BeginAndReadExistingAsync(
        MySqlConnection connection, List<VideoRecord> videos, CancellationToken cancellationToken)
    {
        // READ COMMITTED: the FOR UPDATE on ids that do not exist yet takes no gap locks, which is what made
        // concurrent writers of unrelated batches deadlock under REPEATABLE READ.
        // FOR UPDATE: two writers of the same stored video serialise here. Two writers of the same new video (replicas
        // overlapping at a takeover of the fetch lease) do not, as a missing row locks nothing under READ COMMITTED:
        // both may report it as new; the second one's INSERT waits for the first one's row, then updates it.
        // The ids in the batch's order, which is the order the rows are locked in (see UpsertAsync).
        await using var command = BatchIds.Command(
            connection,
            $"SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION; {ReadStoredSql} FOR UPDATE; {ReadGoneSql}",
            videos.Select(v => v.VideoId));
        var existing = new Dictionary<string, VideoRecord>(StringComparer.Ordinal);
        var gone = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var video = VideoColumns.Read(reader);
            existing[video.VideoId] = video;
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            gone.Add(reader.GetString(0));
        }

        return (existing, gone);
    }

    /// <summary>
    /// The multi-row <c>INSERT … ON DUPLICATE KEY UPDATE</c> that stores a batch: the one statement that writes
    /// videos. The benchmark runs this same statement into a scratch copy of the table as its "raw INSERT".
    /// </summary>
    /// <param name="table">Where to insert: <c>videos</c>, or a table created <c>LIKE videos</c>.</param>
    public static MySqlCommand InsertCommand(IReadOnlyList<VideoRecord> videos, string table = "videos")
    {
        if (table.Length == 0 || !table.All(c => char.IsAsciiLetterLower(c) || c == '_'))
        {
            throw new ArgumentException($"Not a table name: '{table}'.", nameof(table));
        }

        // first_seen_at comes from the database's clock, the one OffsetPager compares it with.
        var command = new MySqlCommand();
        var sql = new StringBuilder(
            $"INSERT INTO {table} (video_id, title, description, published_at, channel_id, channel_title, " +
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
            command.Parameters.AddWithValue($"@th0{i}", StoredThumbnails.Compact(v.VideoId, StoredThumbnails.Default, v.ThumbnailDefault));
            command.Parameters.AddWithValue($"@th1{i}", StoredThumbnails.Compact(v.VideoId, StoredThumbnails.Medium, v.ThumbnailMedium));
            command.Parameters.AddWithValue($"@th2{i}", StoredThumbnails.Compact(v.VideoId, StoredThumbnails.High, v.ThumbnailHigh));
        }

        // VALUES() rather than the row alias: MariaDB 10.11 has no row alias, and MySQL 8 still accepts VALUES().
        sql.Append(
            " ON DUPLICATE KEY UPDATE title = VALUES(title), description = VALUES(description), " +
            "published_at = VALUES(published_at), channel_id = VALUES(channel_id), channel_title = VALUES(channel_title), " +
            "thumbnail_default = VALUES(thumbnail_default), thumbnail_medium = VALUES(thumbnail_medium), " +
            "thumbnail_high = VALUES(thumbnail_high), updated_at = VALUES(updated_at)");
        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>
    /// Writes the rows and queues them for their search terms: the new videos as one <see cref="SearchBacklogBatch"/>
    /// row, each changed one as a <see cref="SearchBacklogEntry"/> of its own. One command.
    /// </summary>
    private static MySqlCommand StoreAndQueueCommand(MySqlConnection connection, List<(VideoRecord Video, VideoRecord? Stored)> videos)
    {
        var command = InsertCommand(videos.Select(v => v.Video).ToList());
        command.Connection = connection;
        var sql = new StringBuilder(command.CommandText);

        // A new video has nothing in the index to replace: the batch's new videos are one queue row, whatever their number.
        var added = videos.Where(v => v.Stored is null).Select(v => v.Video.VideoId).ToList();
        if (added.Count > 0)
        {
            sql.Append("; INSERT INTO search_backlog_batches (video_ids) VALUES (@new_ids)");
            command.Parameters.AddWithValue("@new_ids", JsonSerializer.Serialize(added));
        }

        // A video that is not queued has the terms of its stored version in the index (or, while it is new, queued in a
        // batch: see SearchIndexer): a changed one is queued with that version's publish time and terms, which the
        // indexer deletes by key. ON DUPLICATE KEY keeps what an already queued video recorded (still the indexed
        // version), and no other error is hidden. If an indexer holds that backlog row, this waits for it and then
        // queues the video again, recording the version the indexer has just written, which is the one read above.
        var first = true;
        for (var i = 0; i < videos.Count; i++)
        {
            if (videos[i].Stored is not { } stored)
            {
                continue;
            }

            sql.Append(first ? "; INSERT INTO search_backlog (video_id, indexed_published_at, indexed_terms) VALUES " : ",")
                .Append($"(@id{i},@ip{i},@it{i})");
            command.Parameters.AddWithValue($"@ip{i}", stored.PublishedAt);
            command.Parameters.AddWithValue($"@it{i}", string.Join(' ', SearchTerms.IndexTerms(stored.Title, stored.Description)));
            first = false;
        }

        if (!first)
        {
            sql.Append(" ON DUPLICATE KEY UPDATE video_id = video_id");
        }

        command.CommandText = sql.ToString();
        return command;
    }

    private static VideoRecord Clamp(VideoRecord v) => v with
    {
        Title = Cut(v.Title, VideoLimits.TitleLength),
        ChannelTitle = Cut(v.ChannelTitle, VideoLimits.ChannelTitleLength),
        PublishedAt = DateTime.SpecifyKind(v.PublishedAt, DateTimeKind.Utc),
        // A missing thumbnail is the one YouTube serves for every video: stored empty either way (StoredThumbnails).
        ThumbnailDefault = Thumbnail(v.VideoId, StoredThumbnails.Default, v.ThumbnailDefault),
        ThumbnailMedium = Thumbnail(v.VideoId, StoredThumbnails.Medium, v.ThumbnailMedium),
        ThumbnailHigh = Thumbnail(v.VideoId, StoredThumbnails.High, v.ThumbnailHigh),
    };

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    private static string Thumbnail(string videoId, string name, string url) =>
        url.Length == 0 ? StoredThumbnails.Canonical(videoId, name) : Cut(url, VideoLimits.UrlLength);
}
