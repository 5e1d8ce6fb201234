using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using MySqlConnector;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Bench;

/// <summary>Seeding and the ingest measurements: the product's upsert path against raw multi-row INSERTs.</summary>
public sealed class Ingest(VideoWriter writer, SearchIndexer indexer, string connectionString, TextWriter log)
{
    public const int BatchSize = 50;

    /// <summary>Videos one <see cref="SearchIndexer.IndexNextAsync"/> takes, as the Worker's indexer does.</summary>
    public const int IndexBatchSize = SearchIndexer.MaxBatchSize;

    private static readonly string[] Counters =
    [
        "Handler_write", "Handler_read_key", "Handler_read_next", "Handler_update", "Innodb_rows_inserted",
        "Innodb_rows_read", "Questions", "Innodb_data_written", "Innodb_buffer_pool_reads",
    ];

    /// <summary>
    /// How many times <see cref="WarmUpAsync"/> runs each timed path: past the 30 calls after which .NET recompiles a
    /// method with full optimisation (tiered compilation).
    /// </summary>
    private const int WarmUpCalls = 40;

    /// <summary>Videos <see cref="WarmUpAsync"/> stores (and indexes) for good: <see cref="WarmUpCalls"/> batches.</summary>
    public const int WarmUpVideos = WarmUpCalls * BatchSize;

    /// <summary>
    /// Runs every timed path once, untimed, so that JIT and opening connections are not charged to whichever
    /// runs first. Stores and indexes videos [start, start + <see cref="WarmUpVideos"/>); the raw tables are dropped.
    /// </summary>
    public async Task WarmUpAsync(long start, CancellationToken cancellationToken)
    {
        for (var i = start; i < start + WarmUpVideos; i += BatchSize)
        {
            await writer.UpsertAsync(SyntheticVideos.Range(i, BatchSize), cancellationToken);
        }

        // In batches of the writer's size, so that the indexer too runs WarmUpCalls times (its own batches are bigger).
        await indexer.DrainAsync(cancellationToken, BatchSize);
        await RawInsertAsync("warm-up", start, WarmUpVideos, withTerms: false, cancellationToken);
        await RawInsertAsync("warm-up", start, WarmUpVideos, withTerms: true, cancellationToken);
    }

    /// <summary>Stores videos [start, start+count) through <see cref="VideoWriter.UpsertAsync"/> with one writer.</summary>
    public async Task<IngestFigure> UpsertSingleWriterAsync(string label, long start, int count, CancellationToken cancellationToken)
    {
        var before = await StatusAsync(cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        var latencies = new List<double>();
        for (long i = start; i < start + count; i += BatchSize)
        {
            var batch = SyntheticVideos.Range(i, (int)Math.Min(BatchSize, start + count - i));
            var t = Stopwatch.GetTimestamp();
            var result = await writer.UpsertAsync(batch, cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            if (result.Inserted != batch.Count)
            {
                throw new InvalidOperationException($"Expected {batch.Count} new videos, the writer inserted {result.Inserted}.");
            }
        }

        return Figure(label, count, stopwatch.Elapsed, latencies, before, await StatusAsync(cancellationToken));
    }

    /// <summary>
    /// Writes the search terms of every queued video with <paramref name="workers"/> concurrent indexers (the
    /// Worker's second half of ingest), and checks that exactly <paramref name="expected"/> videos were queued.
    /// </summary>
    public async Task<IngestFigure> IndexAsync(string label, long expected, int workers, CancellationToken cancellationToken)
    {
        var before = await StatusAsync(cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        var latencies = new List<double>();
        var indexed = 0L;
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (true)
            {
                var t = Stopwatch.GetTimestamp();
                var taken = await indexer.IndexNextAsync(IndexBatchSize, cancellationToken);
                if (taken == 0)
                {
                    break;
                }

                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                var done = Interlocked.Add(ref indexed, taken);
                if (done / 100_000 != (done - taken) / 100_000)
                {
                    await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  indexed {done:N0}/{expected:N0} ({done / stopwatch.Elapsed.TotalSeconds:N0} videos/s)"));
                }
            }

            return mine;
        }, cancellationToken)).ToList();
        foreach (var mine in await Task.WhenAll(tasks))
        {
            latencies.AddRange(mine);
        }

        if (indexed != expected)
        {
            throw new InvalidOperationException($"Expected {expected:N0} queued videos, the indexer took {indexed:N0}.");
        }

        return Figure(label, (int)indexed, stopwatch.Elapsed, latencies, before, await StatusAsync(cancellationToken));
    }

    /// <summary>
    /// The same rows stored by <see cref="VideoWriter.InsertCommand"/>, the writer's own multi-row INSERT, one per
    /// batch of 50, into <c>videos_raw</c> (a copy of <c>videos</c>) in autocommit: one statement, one round trip,
    /// the cheapest way to store a batch whole. With <paramref name="withTerms"/> also their search-term rows into
    /// <c>video_terms_raw</c> with the indexer's own statement (<see cref="SearchIndexer.LoadTermRowsAsync"/>),
    /// one transaction a batch.
    /// </summary>
    public async Task<IngestFigure> RawInsertAsync(string label, long start, int count, bool withTerms, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(SearchIndexer.AllowingLocalInfile(connectionString));
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection,
            "DROP TABLE IF EXISTS videos_raw, videos_raw_terms, video_terms_raw; CREATE TABLE videos_raw LIKE videos; " +
            "CREATE TABLE videos_raw_terms LIKE videos; CREATE TABLE video_terms_raw LIKE video_terms", cancellationToken);
        var batches = new List<IReadOnlyList<VideoRecord>>();
        for (long i = start; i < start + count; i += BatchSize)
        {
            batches.Add(SyntheticVideos.Range(i, (int)Math.Min(BatchSize, start + count - i)));
        }

        var before = await StatusAsync(cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        var latencies = new List<double>();
        await InsertRawAsync(connection, batches, withTerms, latencies, cancellationToken);
        var figure = Figure(label, count, stopwatch.Elapsed, latencies, before, await StatusAsync(cancellationToken));
        await ExecuteAsync(connection, "DROP TABLE videos_raw, videos_raw_terms, video_terms_raw", cancellationToken);
        return figure;
    }

    /// <summary>
    /// The four ingest paths on the same videos [start, start + count), interleaved a round of 1,000 videos at a time
    /// (the writer's upsert, the indexer, the raw INSERT, the raw INSERT with the term rows), one writer each, so that
    /// load from elsewhere on the machine weighs on all four alike: their ratios are the figures that matter.
    /// </summary>
    public async Task<(IngestFigure Upsert, IngestFigure Index, IngestFigure Raw, IngestFigure RawWithTerms)> InterleavedAsync(
        long start, int count, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(SearchIndexer.AllowingLocalInfile(connectionString));
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection,
            "DROP TABLE IF EXISTS videos_raw, videos_raw_terms, video_terms_raw; CREATE TABLE videos_raw LIKE videos; " +
            "CREATE TABLE videos_raw_terms LIKE videos; CREATE TABLE video_terms_raw LIKE video_terms", cancellationToken);
        var paths = new[] { new PathTotals(), new PathTotals(), new PathTotals(), new PathTotals() };
        const int Round = 1000;
        for (var round = start; round < start + count; round += Round)
        {
            var batches = new List<IReadOnlyList<VideoRecord>>();
            for (var i = round; i < Math.Min(round + Round, start + count); i += BatchSize)
            {
                batches.Add(SyntheticVideos.Range(i, (int)Math.Min(BatchSize, start + count - i)));
            }

            await paths[0].MeasureAsync(this, async latencies =>
            {
                foreach (var batch in batches)
                {
                    var t = Stopwatch.GetTimestamp();
                    var result = await writer.UpsertAsync(batch, cancellationToken);
                    latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    if (result.Inserted != batch.Count)
                    {
                        throw new InvalidOperationException($"Expected {batch.Count} new videos, the writer inserted {result.Inserted}.");
                    }
                }
            }, cancellationToken);
            await paths[1].MeasureAsync(this, async latencies =>
            {
                while (true)
                {
                    var t = Stopwatch.GetTimestamp();
                    if (await indexer.IndexNextAsync(IndexBatchSize, cancellationToken) == 0)
                    {
                        break;
                    }

                    latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
            }, cancellationToken);
            await paths[2].MeasureAsync(this, latencies => InsertRawAsync(connection, batches, withTerms: false, latencies, cancellationToken), cancellationToken);
            await paths[3].MeasureAsync(this, latencies => InsertRawAsync(connection, batches, withTerms: true, latencies, cancellationToken), cancellationToken);
        }

        await ExecuteAsync(connection, "DROP TABLE videos_raw, videos_raw_terms, video_terms_raw", cancellationToken);
        return (
            paths[0].Figure("VideoWriter.UpsertAsync, empty tables", count),
            paths[1].Figure("SearchIndexer, the videos just stored, one indexer", count),
            paths[2].Figure("raw multi-row INSERT into videos_raw (the writer's own INSERT)", count),
            paths[3].Figure("raw multi-row INSERT into videos_raw_terms + the term rows into video_terms_raw (the indexer's own LOAD DATA)", count));
    }

    private static async Task InsertRawAsync(
        MySqlConnection connection, List<IReadOnlyList<VideoRecord>> batches, bool withTerms, List<double> latencies, CancellationToken cancellationToken)
    {
        foreach (var batch in batches)
        {
            var t = Stopwatch.GetTimestamp();
            await using (var insert = VideoWriter.InsertCommand(batch, withTerms ? "videos_raw_terms" : "videos_raw"))
            {
                insert.Connection = connection;
                if (withTerms)
                {
                    insert.CommandText = "START TRANSACTION; " + insert.CommandText;
                }

                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            if (withTerms)
            {
                var rows = SearchIndexer.TermRows(batch.Select(v => (v.VideoId, v.Title, v.Description, v.PublishedAt)));
                await SearchIndexer.LoadTermRowsAsync(connection, rows, cancellationToken, "video_terms_raw");
                await ExecuteAsync(connection, "COMMIT", cancellationToken);
            }

            latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
    }

    /// <summary>One ingest path's time, batch latencies and server counters, summed over the rounds.</summary>
    private sealed class PathTotals
    {
        private readonly List<double> latencies = [];
        private readonly Dictionary<string, long> counters = new(StringComparer.OrdinalIgnoreCase);
        private TimeSpan elapsed;

        public async Task MeasureAsync(Ingest ingest, Func<List<double>, Task> work, CancellationToken cancellationToken)
        {
            var before = await ingest.StatusAsync(cancellationToken);
            var stopwatch = Stopwatch.StartNew();
            await work(latencies);
            elapsed += stopwatch.Elapsed;
            var after = await ingest.StatusAsync(cancellationToken);
            foreach (var name in Counters)
            {
                counters[name] = counters.GetValueOrDefault(name) + after.GetValueOrDefault(name) - before.GetValueOrDefault(name);
            }
        }

        public IngestFigure Figure(string label, int count) =>
            Ingest.Figure(label, count, elapsed, latencies, new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase), counters);
    }

    /// <summary>Stores videos [start, end) with several concurrent writers, batches of 50.</summary>
    public async Task<SeedFigure> SeedAsync(long start, long end, int writers, CancellationToken cancellationToken)
    {
        var queue = Channel.CreateBounded<IReadOnlyList<VideoRecord>>(writers * 4);
        var stored = 0L;
        var deadlocks = 0L;
        var stopwatch = Stopwatch.StartNew();
        var producer = Task.Run(async () =>
        {
            for (var i = start; i < end; i += BatchSize)
            {
                await queue.Writer.WriteAsync(SyntheticVideos.Range(i, (int)Math.Min(BatchSize, end - i)), cancellationToken);
            }

            queue.Writer.Complete();
        }, cancellationToken);
        var consumers = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            await foreach (var batch in queue.Reader.ReadAllAsync(cancellationToken))
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await writer.UpsertAsync(batch, cancellationToken);
                        break;
                    }
                    catch (MySqlException exception) when (exception.ErrorCode == MySqlErrorCode.LockDeadlock && attempt < 10)
                    {
                        // Concurrent writers of disjoint batches deadlock in VideoWriter (gap locks); see docs/benchmarks.md.
                        Interlocked.Increment(ref deadlocks);
                    }
                }

                Interlocked.Add(ref stored, batch.Count);
            }
        }, cancellationToken)).ToList();

        var all = Task.WhenAll(consumers.Append(producer));
        var total = end - start;
        while (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(15), cancellationToken)) != all)
        {
            var done = Interlocked.Read(ref stored);
            var rate = done / stopwatch.Elapsed.TotalSeconds;
            var eta = rate > 0 ? TimeSpan.FromSeconds((total - done) / rate) : TimeSpan.Zero;
            await log.WriteLineAsync(
                $"  seeded {done:N0}/{total:N0} ({rate:N0} videos/s, about {eta:hh\\:mm\\:ss} to go)");
        }

        await all;
        return new SeedFigure(total, writers, stopwatch.Elapsed.TotalSeconds, total / stopwatch.Elapsed.TotalSeconds, deadlocks, total / BatchSize);
    }

    public async Task<Dictionary<string, long>> StatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand(
            "SHOW GLOBAL STATUS WHERE Variable_name IN (" + string.Join(',', Counters.Select(c => $"'{c}'")) + ")", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync(cancellationToken))
        {
            values[reader.GetString(0)] = long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
        }

        return values;
    }

    private static IngestFigure Figure(
        string label, int count, TimeSpan elapsed, List<double> latencies, Dictionary<string, long> before, Dictionary<string, long> after)
    {
        latencies.Sort();
        var perVideo = Counters.ToDictionary(
            c => c,
            c => Math.Round((after.GetValueOrDefault(c) - before.GetValueOrDefault(c)) / (double)count, 2));
        return new IngestFigure(
            label, count, elapsed.TotalSeconds, count / elapsed.TotalSeconds,
            Stats.Percentile(latencies, 0.5), Stats.Percentile(latencies, 0.99), perVideo);
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed record IngestFigure(
    string Label, int Videos, double Seconds, double VideosPerSecond, double BatchP50Ms, double BatchP99Ms,
    Dictionary<string, double> ServerCountersPerVideo);

public sealed record SeedFigure(long Videos, int Writers, double Seconds, double VideosPerSecond, long DeadlocksRetried, long Batches);

public static class Stats
{
    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
