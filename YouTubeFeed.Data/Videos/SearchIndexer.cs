using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// Writes the search terms of queued videos, outside the write path: storing a batch of videos costs their rows plus
/// one queue row for the new ones (<see cref="SearchBacklogBatch"/>) and one per changed one
/// (<see cref="SearchBacklogEntry"/>), and their ~18 term rows each (one per distinct word) are written here, a batch
/// at a time, new videos first.
/// </summary>
/// <remarks>
/// Safe with several indexers and writers at once. An indexer locks the queue rows it takes
/// (<c>FOR UPDATE SKIP LOCKED</c>, so two indexers take different rows) before it reads the videos. A writer
/// that changes a video taken from <c>search_backlog</c> waits on that lock when it re-queues the video, and queues it
/// again once the indexer has committed: the newer version is indexed by the next batch, never skipped. New videos
/// are read with a shared lock instead, which a writer changing one waits for in the same way (see
/// <see cref="IndexQueuedBatchesAsync"/>).
/// <para>
/// The term rows are sent with <c>LOAD DATA LOCAL INFILE</c> from memory, which the server writes in about 45 %
/// less time than the same rows in prepared INSERTs; the indexer as a whole gains about a quarter
/// (docs/benchmarks.md). The indexer connects through a pool of its own, the only one allowed to send local data
/// (<c>AllowLoadLocalInfile</c>): MySqlConnector then sends only the streams its own bulk loader registered, never a
/// file a server names. With a verified server certificate (<c>SslMode=VerifyCA</c> or stricter) MySqlConnector
/// would send such a file, so the indexer then keeps to the prepared INSERTs. So it does, with a warning, while a
/// server refuses local data (MySQL's default <c>local_infile=OFF</c>; MariaDB allows it), trying the load again
/// every <see cref="RefusedLoadRetry"/>.
/// </para>
/// </remarks>
public sealed class SearchIndexer : IAsyncDisposable
{
    /// <summary>
    /// Term rows per INSERT, when the terms are not loaded (see the remarks). Every INSERT has this many rows (the
    /// last one repeats a row, which its ON DUPLICATE KEY clause absorbs), so one prepared statement serves every
    /// batch: the binary protocol and a statement parsed once cut the indexer's time per video by about a third
    /// against a text INSERT (docs/benchmarks.md).
    /// </summary>
    public const int TermRowsPerStatement = 256;

    /// <summary>
    /// The most videos one batch takes: ~9,000 term rows a transaction. What a batch costs besides its rows (its
    /// round trips and commit) was a fifth of the indexer's time at 100 videos; at 500 it is under a twentieth, and
    /// 1,000 gained nothing more (docs/benchmarks.md). The batch's locks are held for its ~30 ms.
    /// </summary>
    public const int MaxBatchSize = 500;

    /// <summary>The Worker's writer stores a page of search results at a time, 50 videos: what a batch row usually holds.</summary>
    private const int WriterBatchSize = 50;

    private static readonly string InsertSql = BuildInsertSql();

    /// <summary>What a field of the load's text must escape: the escape character and the two terminators.</summary>
    private static readonly SearchValues<char> LoadSpecials = SearchValues.Create("\\\t\n");

    /// <summary>
    /// The server errors that mean local data is refused: MariaDB's (4166, and 1148 before 10.5) and MySQL's (3948).
    /// </summary>
    private static readonly int[] LocalInfileRefusals = [4166, 1148, 3948];

    /// <summary>The warning a duplicate row gives in a load (skipped, as the INSERT's ON DUPLICATE KEY does).</summary>
    private const int DuplicateEntry = 1062;

    /// <summary>How long the indexer keeps to INSERTs after a server refused local data, before it tries the load again.</summary>
    public static readonly TimeSpan RefusedLoadRetry = TimeSpan.FromMinutes(10);

    private readonly MySqlDataSource dataSource;
    private readonly ILogger logger;
    private readonly bool loads;

    /// <summary>When (<see cref="Environment.TickCount64"/>) to try the load again after a refusal; 0: it was not refused.</summary>
    private long loadRefusedUntil;

    /// <param name="dataSource">
    /// The service's data source. The indexer opens a pool of its own with the same connection string (only the
    /// string: other options of that data source are not carried over).
    /// </param>
    /// <param name="loggerFactory">Logs the fallback to INSERTs (and the indexer pool's MySqlConnector messages).</param>
    public SearchIndexer(MySqlDataSource dataSource, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        loggerFactory ??= NullLoggerFactory.Instance;
        logger = loggerFactory.CreateLogger<SearchIndexer>();
        var settings = new MySqlConnectionStringBuilder(dataSource.ConnectionString);
        loads = settings.SslMode is not (MySqlSslMode.VerifyCA or MySqlSslMode.VerifyFull);
        settings.AllowLoadLocalInfile = loads;
        this.dataSource = new MySqlDataSourceBuilder(settings.ConnectionString)
            .UseLoggerFactory(loggerFactory)
            .Build();
        if (!loads)
        {
            logger.LogInformation(
                "The database server's certificate is verified, which would let it ask for local files: search terms are written with INSERT statements, not loaded.");
        }
    }

    /// <summary>The connection string with <c>AllowLoadLocalInfile</c> set, as the indexer's own pool uses it.</summary>
    public static string AllowingLocalInfile(string connectionString) =>
        new MySqlConnectionStringBuilder(connectionString) { AllowLoadLocalInfile = true }.ConnectionString;

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    /// <summary>
    /// Takes the batch: the videos that waited longest, in the queue's index. Without the hint the optimizer reads
    /// the whole backlog and sorts it to find them (the columns taken are not in that index): 9 ms a batch with
    /// 20,000 videos queued, so that catching up on a backlog cost time in proportion to its size.
    /// </summary>
    private static readonly string TakeSql = BuildTakeSql(afterPosition: false);

    /// <summary>
    /// The same, after a position in the queue: where the previous batch ended. The entries that batches delete
    /// stay in the queue's index until InnoDB's purge removes them, and a take from the head walks them all, each a
    /// lookup in the table: 1.2–2.2 ms a batch (of 100, as batches were then) when a backlog is drained (0.2 ms once
    /// purge has caught up).
    /// </summary>
    private static readonly string TakeAfterSql = BuildTakeSql(afterPosition: true);

    /// <summary>Reads the taken videos' text, each by key (<see cref="BatchIds"/>); a plain read, which locks nothing.</summary>
    internal const string ReadVideosSql =
        $"SELECT v.video_id, v.title, v.description, v.published_at FROM {BatchIds.Table} STRAIGHT_JOIN videos v FORCE INDEX (PRIMARY) ON v.video_id = ids.id";

    /// <summary>
    /// Which of a batch's new videos have a backlog row of their own: changed since they were queued. A plain read, after
    /// the videos' shared locks: a writer queues such a row only while it holds the video's exclusive lock.
    /// </summary>
    internal const string ReadChangedSql =
        $"SELECT b.video_id FROM {BatchIds.Table} STRAIGHT_JOIN search_backlog b FORCE INDEX (PRIMARY) ON b.video_id = ids.id";

    /// <summary>
    /// Reads a batch's new videos with a shared lock each, in the order of the ids given (sorted, as writers lock
    /// theirs), then which of them were changed since (<see cref="ReadChangedSql"/>).
    /// </summary>
    internal const string ReadNewVideosSql = $"{ReadVideosSql} LOCK IN SHARE MODE; {ReadChangedSql}";

    /// <summary>Takes the batch off the backlog: the rows its take locked, each by key (<see cref="BatchIds"/>).</summary>
    internal const string DeleteTakenSql =
        $"DELETE b FROM {BatchIds.Table} STRAIGHT_JOIN search_backlog b FORCE INDEX (PRIMARY) ON b.video_id = ids.id";

    /// <summary>
    /// Every how many takes one starts from the queue's head again. A video can be queued behind a position
    /// already passed (its writer's transaction committed after a later-queued video was taken), so a resumed take
    /// may leave it behind: the next take from the head finds it. So does every take that follows a short one.
    /// </summary>
    internal const int TakesPerHeadRead = 10;

    /// <summary>Where the last full batch ended in the queue (null: take from the head).</summary>
    private QueuePosition? resumeAfter;

    private int takes;

    /// <summary>Counts <see cref="IndexOnceAsync"/> calls: odd ones serve new videos first, even ones changed videos.</summary>
    private int rounds;

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
        await using var command = new MySqlCommand(
            "SELECT (SELECT COUNT(*) FROM search_backlog) + (SELECT COALESCE(SUM(JSON_LENGTH(video_ids)), 0) FROM search_backlog_batches)",
            connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The rows a batch of videos adds to <c>video_terms</c>, in key order (inserts in order touch fewer pages).</summary>
    public static List<(string Term, DateTime PublishedAt, string VideoId)> TermRows(IEnumerable<(string VideoId, string Title, string Description, DateTime PublishedAt)> videos)
    {
        // The videos in key order first: each term's rows are then added in order, and only the few hundred terms of
        // a batch are sorted, not each term's rows (sorting rows took most of the time it takes to find the terms).
        var ordered = videos.ToArray();
        Array.Sort(ordered, static (a, b) =>
        {
            var byTime = a.PublishedAt.CompareTo(b.PublishedAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.VideoId, b.VideoId);
        });
        var byTerm = new Dictionary<string, List<(DateTime PublishedAt, string VideoId)>>(StringComparer.Ordinal);
        var count = 0;
        foreach (var video in ordered)
        {
            foreach (var term in SearchTerms.IndexTerms(video.Title, video.Description))
            {
                if (!byTerm.TryGetValue(term, out var postings))
                {
                    byTerm[term] = postings = [];
                }

                postings.Add((video.PublishedAt, video.VideoId));
                count++;
            }
        }

        var terms = byTerm.Keys.ToArray();
        Array.Sort(terms, StringComparer.Ordinal);
        var rows = new List<(string Term, DateTime PublishedAt, string VideoId)>(count);
        foreach (var term in terms)
        {
            foreach (var (publishedAt, videoId) in byTerm[term])
            {
                rows.Add((term, publishedAt, videoId));
            }
        }

        return rows;
    }

    /// <summary>
    /// Loads term rows with one <c>LOAD DATA LOCAL INFILE</c> from memory, in the connection's transaction: the
    /// indexer's statement. Public so that the benchmark times exactly this. The connection must allow local data
    /// (<see cref="AllowingLocalInfile"/>). With <c>LOCAL</c> the server cannot stop the transfer, so a row it cannot
    /// take is a warning, not an error: a duplicate is skipped (as the INSERT's ON DUPLICATE KEY does), and no other
    /// row can fail here, the terms being cut to the column's length and the ids already stored in <c>videos</c>.
    /// </summary>
    public static async Task LoadTermRowsAsync(
        MySqlConnection connection, IReadOnlyList<(string Term, DateTime PublishedAt, string VideoId)> rows, CancellationToken cancellationToken, string table = "video_terms")
    {
        if (rows.Count == 0)
        {
            return;
        }

        var text = new StringBuilder(rows.Count * 48);
        foreach (var (term, publishedAt, videoId) in rows)
        {
            AppendTimestamp(AppendField(text, term).Append('\t'), publishedAt).Append('\t');
            AppendField(text, videoId).Append('\n');
        }

        var loader = new MySqlBulkLoader(connection)
        {
            // The loader's own default is no timeout at all; the connection's is what every other statement gets.
            Timeout = (int)new MySqlConnectionStringBuilder(connection.ConnectionString).DefaultCommandTimeout,
            TableName = table,
            Local = true,
            SourceStream = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())),
            CharacterSet = "utf8mb4",
            FieldTerminator = "\t",
            LineTerminator = "\n",
            EscapeCharacter = '\\',
            ConflictOption = MySqlBulkLoaderConflictOption.Ignore,
        };
        loader.Columns.AddRange(["term", "published_at", "video_id"]);
        await loader.LoadAsync(cancellationToken);

        // LOCAL turns a row the server cannot take into a warning: any but a duplicate fails the batch, which then
        // rolls back and stays queued, as a failed INSERT would.
        var problems = new List<string>();
        await using var warnings = new MySqlCommand("SHOW WARNINGS", connection);
        await using var reader = await warnings.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture) != DuplicateEntry)
            {
                problems.Add($"{reader.GetValue(1)} {reader.GetValue(2)}");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The server did not take every term row as sent: {string.Join("; ", problems.Take(3))}");
        }
    }

    /// <summary>Whether a server error says that it refuses local data (<c>local_infile</c> is off).</summary>
    internal static bool RefusesLocalInfile(MySqlException exception) => LocalInfileRefusals.Contains(exception.Number);

    /// <summary>The batch's term rows: loaded, or inserted once the server has refused a load.</summary>
    private async Task WriteTermRowsAsync(
        MySqlConnection connection, IReadOnlyList<(string Term, DateTime PublishedAt, string VideoId)> rows, CancellationToken cancellationToken)
    {
        if (loads && Environment.TickCount64 >= Interlocked.Read(ref loadRefusedUntil))
        {
            try
            {
                await LoadTermRowsAsync(connection, rows, cancellationToken);
                return;
            }
            catch (MySqlException exception) when (RefusesLocalInfile(exception))
            {
                // The refused statement changed nothing and the transaction goes on: the same rows as INSERTs.
                var now = Environment.TickCount64;
                if (Interlocked.Exchange(ref loadRefusedUntil, now + (long)RefusedLoadRetry.TotalMilliseconds) <= now)
                {
                    logger.LogWarning(
                        "The database server refuses LOAD DATA LOCAL ({Error}): search terms are written with INSERT statements, which costs " +
                        "the indexer about a third more time, and the load is tried again in {Retry}. Set local_infile=ON on the server.",
                        exception.Message,
                        RefusedLoadRetry);
                }
            }
        }

        await InsertTermRowsAsync(connection, rows, cancellationToken);
    }

    /// <summary>
    /// Appends <c>yyyy-MM-dd HH:mm:ss.ffffff</c> digit by digit: a format string parsed for every row took a tenth
    /// of the indexer's time.
    /// </summary>
    internal static StringBuilder AppendTimestamp(StringBuilder text, DateTime value)
    {
        Span<char> chars = stackalloc char[26];
        Digits(chars[..4], value.Year);
        chars[4] = '-';
        Digits(chars[5..7], value.Month);
        chars[7] = '-';
        Digits(chars[8..10], value.Day);
        chars[10] = ' ';
        Digits(chars[11..13], value.Hour);
        chars[13] = ':';
        Digits(chars[14..16], value.Minute);
        chars[16] = ':';
        Digits(chars[17..19], value.Second);
        chars[19] = '.';
        Digits(chars[20..], (int)(value.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond));
        return text.Append(chars);

        static void Digits(Span<char> span, int number)
        {
            for (var i = span.Length - 1; i >= 0; i--)
            {
                span[i] = (char)('0' + (number % 10));
                number /= 10;
            }
        }
    }

    private static StringBuilder AppendField(StringBuilder text, string value)
    {
        if (value.AsSpan().IndexOfAny(LoadSpecials) < 0)
        {
            return text.Append(value);
        }

        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '\t' => text.Append("\\t"),
                '\n' => text.Append("\\n"),
                _ => text.Append(c),
            };
        }

        return text;
    }

    /// <summary>
    /// Inserts term rows with a prepared statement, <see cref="TermRowsPerStatement"/> rows at a time: the indexer's
    /// way when the server refuses local data, and the benchmark's for the search designs it compares.
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

        // The two queues take turns, new videos first, so that neither waits for the other to be empty; a queue with
        // nothing free gives its turn to the other.
        var newFirst = Interlocked.Increment(ref rounds) % 2 == 1;
        var taken = newFirst
            ? await IndexQueuedBatchesAsync(connection, maxVideos, cancellationToken)
            : await IndexChangedAsync(connection, maxVideos, cancellationToken);
        if (taken > 0)
        {
            return taken;
        }

        return newFirst
            ? await IndexChangedAsync(connection, maxVideos, cancellationToken)
            : await IndexQueuedBatchesAsync(connection, maxVideos, cancellationToken);
    }

    /// <summary>
    /// Indexes up to <paramref name="maxVideos"/> videos of <c>search_backlog</c>, in the queue's order, in one
    /// transaction; returns how many it took off it (0: none was free).
    /// </summary>
    private async Task<int> IndexChangedAsync(MySqlConnection connection, int maxVideos, CancellationToken cancellationToken)
    {
        var committed = false;
        try
        {
            // The transaction begins in the statement that takes the batch and ends in the one that empties it.
            var after = Interlocked.Increment(ref takes) % TakesPerHeadRead == 0 ? null : Volatile.Read(ref resumeAfter);
            var taken = await TakeAsync(connection, after, maxVideos, cancellationToken);
            if (taken.Count == 0 && after is not null)
            {
                // Nothing past the last batch: only the head can still hold videos (committed late).
                await CommitAsync(connection, cancellationToken);
                after = null;
                taken = await TakeAsync(connection, after, maxVideos, cancellationToken);
            }

            if (taken.Count == 0)
            {
                await CommitAsync(connection, cancellationToken);
                committed = true;
                Volatile.Write(ref resumeAfter, null);
                return 0;
            }

            // A plain read sees the last committed version of each video: a writer changing one now re-queues it.
            var ids = taken.Select(t => t.VideoId).ToList();
            var videos = new List<(string VideoId, string Title, string Description, DateTime PublishedAt)>();
            await using (var read = BatchIds.Command(connection, ReadVideosSql, ids))
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

            await WriteTermRowsAsync(connection, TermRows(videos), cancellationToken);

            await using (var done = BatchIds.Command(connection, DeleteTakenSql + "; COMMIT", ids))
            {
                await done.ExecuteNonQueryAsync(cancellationToken);
            }

            committed = true;
            // Only a full batch resumes: after a short one, the next take reads the head (see TakesPerHeadRead).
            Volatile.Write(ref resumeAfter, taken.Count == maxVideos ? taken[^1].Position : null);
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
    /// Indexes up to <paramref name="maxVideos"/> new videos from the oldest <see cref="SearchBacklogBatch"/> rows that no
    /// other indexer holds, in one transaction; returns how many ids it took off those rows (0: none was free).
    /// </summary>
    /// <remarks>
    /// A new video's batch row records no version: the terms written are those of the version read here, and that
    /// read is a locking one (shared, in id order, as writers lock theirs). A writer changing one of these videos waits
    /// for this batch to commit, so the version it then reads, and records in the video's own backlog row as the one
    /// in the index, is the one written here. A video that a writer changed first already has that backlog row, which
    /// records a version never indexed: it is skipped here, and that row's indexer writes it. A video gone meanwhile
    /// is not read, and gets no terms. The rows are taken oldest first and skipped while another indexer holds them,
    /// as backlog rows are.
    /// </remarks>
    private async Task<int> IndexQueuedBatchesAsync(MySqlConnection connection, int maxVideos, CancellationToken cancellationToken)
    {
        var committed = false;
        try
        {
            var rows = await TakeBatchesAsync(connection, maxVideos, cancellationToken);
            if (rows.Count == 0)
            {
                await CommitAsync(connection, cancellationToken);
                committed = true;
                return 0;
            }

            // The rows are emptied in order: the row that holds more than the batch has room for keeps the rest of its
            // ids, and rows after it are left as they are (their locks end with the transaction).
            var ids = new List<string>();
            var emptied = new List<(long Id, string? Remaining)>();
            foreach (var (id, videoIds) in rows)
            {
                var room = maxVideos - ids.Count;
                if (room <= 0)
                {
                    break;
                }

                ids.AddRange(videoIds.Take(room));
                emptied.Add((id, videoIds.Count > room ? JsonSerializer.Serialize(videoIds.Skip(room)) : null));
            }

            var videos = new List<(string VideoId, string Title, string Description, DateTime PublishedAt)>();
            var changed = new HashSet<string>(StringComparer.Ordinal);
            var sorted = ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            await using (var read = BatchIds.Command(connection, ReadNewVideosSql, sorted))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    videos.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc)));
                }

                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    changed.Add(reader.GetString(0));
                }
            }

            // A video changed since it was queued has a backlog row, which records the version it replaced as the one in
            // the index (it may never have been): its terms are left to that row's indexer, which deletes that version's
            // rows first. Writing them here would leave rows that no record names once the row records an older version.
            videos.RemoveAll(v => changed.Contains(v.VideoId));

            // Never written before, so nothing to delete first.
            await WriteTermRowsAsync(connection, TermRows(videos), cancellationToken);

            await using (var done = new MySqlCommand { Connection = connection })
            {
                var sql = new StringBuilder();
                for (var i = 0; i < emptied.Count; i++)
                {
                    done.Parameters.AddWithValue($"@q{i}", emptied[i].Id);
                    if (emptied[i].Remaining is { } rest)
                    {
                        sql.Append($"UPDATE search_backlog_batches SET video_ids = @rest{i} WHERE id = @q{i}; ");
                        done.Parameters.AddWithValue($"@rest{i}", rest);
                    }
                    else
                    {
                        sql.Append($"DELETE FROM search_backlog_batches WHERE id = @q{i}; ");
                    }
                }

                done.CommandText = sql.Append("COMMIT").ToString();
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
    /// Begins the transaction and locks the oldest free batch rows, until they hold <paramref name="maxVideos"/> ids or
    /// none is left: as many rows as a writer's batches of 50 would fill, then more if they held fewer.
    /// </summary>
    private static async Task<List<(long Id, List<string> VideoIds)>> TakeBatchesAsync(
        MySqlConnection connection, int maxVideos, CancellationToken cancellationToken)
    {
        var rows = new List<(long Id, List<string> VideoIds)>();
        var count = 0;
        var after = 0L;
        var begun = false;
        while (count < maxVideos)
        {
            // As many rows as the room left would take at the size of the rows taken so far (a writer's 50 at first):
            // a full batch in one or two statements, whether the rows hold a whole page of new videos or one or two.
            var perRow = rows.Count == 0 ? WriterBatchSize : Math.Max(1, count / rows.Count);
            var limit = Math.Max(1, (maxVideos - count) / perRow);
            await using var take = new MySqlCommand(
                (begun ? "" : "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION; ") +
                "SELECT id, video_ids FROM search_backlog_batches WHERE id > @after ORDER BY id LIMIT @n FOR UPDATE SKIP LOCKED",
                connection);
            take.Parameters.AddWithValue("@after", after);
            take.Parameters.AddWithValue("@n", limit);
            var read = 0;
            begun = true;
            await using (var reader = await take.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var videoIds = JsonSerializer.Deserialize<List<string>>(reader.GetString(1)) ?? [];
                    rows.Add((reader.GetInt64(0), videoIds));
                    count += videoIds.Count;
                    after = reader.GetInt64(0);
                    read++;
                }
            }

            if (read < limit)
            {
                break;
            }
        }

        return rows;
    }

    private static async Task<List<(string VideoId, DateTime? IndexedPublishedAt, string? IndexedTerms, QueuePosition Position)>> TakeAsync(
        MySqlConnection connection, QueuePosition? after, int maxVideos, CancellationToken cancellationToken)
    {
        var taken = new List<(string VideoId, DateTime? IndexedPublishedAt, string? IndexedTerms, QueuePosition Position)>();
        await using var take = new MySqlCommand(after is null ? TakeSql : TakeAfterSql, connection);
        take.Parameters.AddWithValue("@n", maxVideos);
        if (after is not null)
        {
            take.Parameters.AddWithValue("@after_at", after.QueuedAt);
            take.Parameters.AddWithValue("@after_id", after.VideoId);
        }

        await using var reader = await take.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var videoId = reader.GetString(0);
            taken.Add((
                videoId,
                reader.IsDBNull(1) ? null : DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                new QueuePosition(DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc), videoId)));
        }

        return taken;
    }

    private static string BuildTakeSql(bool afterPosition) =>
        "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION; " +
        "SELECT video_id, indexed_published_at, indexed_terms, queued_at " +
        $"FROM search_backlog FORCE INDEX ({SearchBacklogEntryConfiguration.QueueIndex}) " +
        (afterPosition ? "WHERE queued_at > @after_at OR (queued_at = @after_at AND video_id > @after_id) " : "") +
        "ORDER BY queued_at, video_id LIMIT @n FOR UPDATE SKIP LOCKED";

    private static async Task CommitAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var commit = new MySqlCommand("COMMIT", connection);
        await commit.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A place in the queue's order (<c>queued_at</c>, <c>video_id</c>).</summary>
    private sealed record QueuePosition(DateTime QueuedAt, string VideoId);

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
