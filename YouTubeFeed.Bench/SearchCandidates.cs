using System.Diagnostics;
using System.Globalization;
using System.Text;
using MySqlConnector;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Bench;

/// <summary>
/// <c>--candidates</c>: the search designs of issue 19 side by side, on one server and one data set. Every candidate
/// indexes the same videos with one indexer in batches of 100 and answers the benchmark's queries (first page of
/// 21, newest first) from one client; the partial-match examples run against the same tables.
/// </summary>
internal static class SearchCandidates
{
    private const int IndexBatch = 100;
    private const int EmptyIndexVideos = 20_000;

    /// <summary>Server settings the full-text candidates need (the product's design needs none).</summary>
    public static IReadOnlyList<string> ExtraSettings(bool mroonga) =>
    [
        "--innodb-ft-min-token-size=1",
        "--innodb-ft-enable-stopword=OFF",
        .. mroonga ? new[] { "--plugin-load-add=ha_mroonga.so" } : [],
    ];

    /// <summary>Videos published after every synthetic one, so that each example's matches come first.</summary>
    private static readonly VideoRecord[] Examples =
    [
        Example("ex1", "How to tie a tie", 1),
        Example("ex2", "Football highlights: Madrid vs Porto", 2, "All goals of the match"),
        Example("ex3", "Porto training session", 3, "Before the football season"),
        Example("ex4", "Café Crème — Pokémon édition", 4),
        Example("ex5", "The best of the best", 5, "a to z"),
        Example("ex6", "Unrelated cooking", 6, "pasta recipe"),
        Example("ex7", "How to make tea?", 7),
    ];

    /// <summary>Query, and the example videos it must list first (newest first).</summary>
    private static readonly (string Query, string[] Expected)[] ExampleQueries =
    [
        ("tea how", ["ex7"]),
        ("how to", ["ex7", "ex1"]),
        ("to tie", ["ex1"]),
        ("porto football", ["ex3", "ex2"]),
        ("highl mad", ["ex2"]),
        ("CAFE creme pokemon", ["ex4"]),
        ("café ÉDITION", ["ex4"]),
        ("the best of", ["ex5"]),
        ("a", ["ex5", "ex2", "ex1"]),
        ("recip", ["ex6"]),
    ];

    private static VideoRecord Example(string id, string title, int minutes, string description = "") => new(
        id, title, description, SyntheticVideos.Newest.AddDays(1).AddMinutes(minutes), "UCexamples", "Examples",
        $"https://i.ytimg.com/vi/{id}/default.jpg", $"https://i.ytimg.com/vi/{id}/mqdefault.jpg", $"https://i.ytimg.com/vi/{id}/hqdefault.jpg");

    public static async Task<CandidatesRun> RunAsync(string connectionString, string dataDirectory, int n, TextWriter log, CancellationToken cancellationToken)
    {
        var dataSource = new MySqlDataSource(connectionString);
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await log.WriteLineAsync($"Candidates: storing {n:N0} videos (raw INSERT) and {Examples.Length} examples");
            for (long i = 0; i < n; i += 50)
            {
                await using var insert = VideoWriter.InsertCommand(SyntheticVideos.Range(i, (int)Math.Min(50, n - i)));
                insert.Connection = connection;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var examples = VideoWriter.InsertCommand(Examples);
            examples.Connection = connection;
            await examples.ExecuteNonQueryAsync(cancellationToken);
            await ExecuteAsync(connection, "ANALYZE TABLE videos", cancellationToken);
        }

        var hasMroonga = await HasEngineAsync(dataSource, "Mroonga", cancellationToken);
        var candidates = new List<Candidate>
        {
            new PrefixTerms("a", "today's index: every prefix (1 to 20 characters) of every word, + index on video_id; today's query (rarest of two by counting to 200, EXISTS walk)", 1, withVideoIdIndex: true),
            new ProductSearch("b1", "ADOPTED: whole words only (the 20 commonest English words left out), query words read as prefix ranges, rarest word by index estimate, walk budget 1,000"),
            new PrefixTerms("b2", "whole words + their 3- and 4-character prefixes; exact term lookups, today's query", 3, withVideoIdIndex: false, maxPrefix: 4),
            new FullText("c", "InnoDB FULLTEXT in boolean mode (+word* …) on the folded words, ORDER BY published_at LIMIT 21", "cand_ft_docs", mroonga: false),
        };
        if (hasMroonga)
        {
            candidates.Add(new FullText("d", "Mroonga (storage mode, TokenDelimit on the folded words, NormalizerAuto), boolean mode +word* …, ORDER BY published_at LIMIT 21", "cand_mroonga_docs", mroonga: true));
        }

        var listReader = new VideoReader(dataSource);
        var listBefore = SyntheticVideos.Newest.AddDays(-1);
        var results = new List<CandidateResult>();
        foreach (var candidate in candidates)
        {
            await log.WriteLineAsync($"Candidate ({candidate.Key}): {candidate.Description}");
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await candidate.CreateAsync(connection, cancellationToken);

            // Seeding: every video once, one indexer, batches of 100; the first 20,000 into the empty index.
            var stopwatch = Stopwatch.StartNew();
            double? emptyRate = null;
            long done = 0;
            foreach (var batch in Batches(n).Append(Examples))
            {
                await candidate.IndexAsync(dataSource, connection, batch, cancellationToken);
                done += batch.Count;
                if (emptyRate is null && done >= Math.Min(EmptyIndexVideos, n))
                {
                    emptyRate = done / stopwatch.Elapsed.TotalSeconds;
                }

                if (done % 100_000 < IndexBatch)
                {
                    await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  indexed {done:N0} ({done / stopwatch.Elapsed.TotalSeconds:N0} videos/s)"));
                }
            }

            var rate = done / stopwatch.Elapsed.TotalSeconds;
            await candidate.AfterIndexingAsync(connection, cancellationToken);
            var sizeMb = DiskMb(dataDirectory, candidate.Files);
            var videosMb = DiskMb(dataDirectory, ["youtubedb/videos.ibd"]);
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {rate:N0} videos/s ({emptyRate:N0} into the empty index); {sizeMb:N0} MB on disk ({sizeMb / videosMb:0.##}× videos)"));

            var queries = new Dictionary<string, QueryTiming>();
            foreach (var (name, q) in BenchQueries)
            {
                queries[name] = await TimeAsync(() => candidate.SearchAsync(dataSource, q, 21, cancellationToken));
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-28} p50 {queries[name].P50Ms,8:0.###} ms  p95 {queries[name].P95Ms,8:0.###} ms  ({queries[name].Items} videos, {queries[name].Runs} runs)"));
            }

            var examples = new List<ExampleResult>();
            foreach (var (q, expected) in ExampleQueries)
            {
                var ids = await candidate.SearchAsync(dataSource, q, 21, cancellationToken);
                var first = ids.Take(expected.Length).ToList();
                examples.Add(new ExampleResult(q, expected, first, first.SequenceEqual(expected)));
            }

            await log.WriteLineAsync($"  examples: {examples.Count(e => e.Passed)}/{examples.Count} as expected");
            results.Add(new CandidateResult(candidate.Key, candidate.Description, Math.Round(rate), Math.Round(emptyRate ?? rate), Math.Round(sizeMb, 1),
                Math.Round(videosMb, 1), Math.Round(sizeMb / videosMb, 2), queries, examples));
            await candidate.DropAsync(connection, cancellationToken);
        }

        var list = await TimeAsync(async () => (await listReader.PageAsync(new VideoQuery { Limit = 21, PublishedBefore = listBefore }, cancellationToken)).Select(v => v.VideoId).ToList());
        return new CandidatesRun(n, list, results, hasMroonga ? [] : ["mariadb-plugin-mroonga is not installed: candidate (d) was not measured."]);
    }

    private static readonly (string Name, string Query)[] BenchQueries =
    [
        ("two-word (quantum marmalade)", SyntheticVideos.TwoWordQuery),
        ("prefix (foot)", SyntheticVideos.PrefixQuery),
        ("unknown word (xylophonist)", SyntheticVideos.NoMatchQuery),
        ("disjoint (zephyr obsidian)", SyntheticVideos.DisjointQuery),
    ];

    private static IEnumerable<IReadOnlyList<VideoRecord>> Batches(int n)
    {
        for (long i = 0; i < n; i += IndexBatch)
        {
            yield return SyntheticVideos.Range(i, (int)Math.Min(IndexBatch, n - i));
        }
    }

    /// <summary>Latency of one search from the client: 10 warm-up runs, then up to 200 runs or 15 seconds.</summary>
    private static async Task<QueryTiming> TimeAsync(Func<Task<List<string>>> search)
    {
        var items = 0;
        for (var i = 0; i < 10; i++)
        {
            items = (await search()).Count;
        }

        var times = new List<double>();
        var budget = Stopwatch.StartNew();
        while (times.Count < 200 && (budget.Elapsed < TimeSpan.FromSeconds(15) || times.Count < 5))
        {
            var t = Stopwatch.GetTimestamp();
            await search();
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        times.Sort();
        return new QueryTiming(Math.Round(Stats.Percentile(times, 0.5), 3), Math.Round(Stats.Percentile(times, 0.95), 3), times.Count, items);
    }

    private static double DiskMb(string dataDirectory, IEnumerable<string> patterns) =>
        patterns.SelectMany(pattern => Directory.EnumerateFiles(
                Path.Combine(dataDirectory, Path.GetDirectoryName(pattern) ?? ""), Path.GetFileName(pattern)))
            .Sum(file => new FileInfo(file).Length) / 1048576.0;

    private static async Task<bool> HasEngineAsync(MySqlDataSource dataSource, string engine, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT COUNT(*) FROM information_schema.engines WHERE engine = @e AND support IN ('YES', 'DEFAULT')", connection);
        command.Parameters.AddWithValue("@e", engine);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<string>> IdsAsync(MySqlCommand command, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private abstract class Candidate(string key, string description)
    {
        public string Key { get; } = key;
        public string Description { get; } = description;
        public abstract IEnumerable<string> Files { get; }
        public abstract Task CreateAsync(MySqlConnection connection, CancellationToken cancellationToken);
        public abstract Task IndexAsync(MySqlDataSource dataSource, MySqlConnection connection, IReadOnlyList<VideoRecord> batch, CancellationToken cancellationToken);
        public virtual Task AfterIndexingAsync(MySqlConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;
        public abstract Task<List<string>> SearchAsync(MySqlDataSource dataSource, string q, int limit, CancellationToken cancellationToken);
        public abstract Task DropAsync(MySqlConnection connection, CancellationToken cancellationToken);
    }

    /// <summary>The product itself: <see cref="SearchIndexer"/> and <see cref="VideoReader"/> on video_terms.</summary>
    private sealed class ProductSearch(string key, string description) : Candidate(key, description)
    {
        private SearchIndexer? indexer;

        public override IEnumerable<string> Files => ["youtubedb/video_terms.ibd"];

        public override Task CreateAsync(MySqlConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

        public override async Task IndexAsync(MySqlDataSource dataSource, MySqlConnection connection, IReadOnlyList<VideoRecord> batch, CancellationToken cancellationToken)
        {
            // Queued as the writer queues them (not timed apart: cheap beside the indexer), then indexed.
            await using (var queue = new MySqlCommand(
                "INSERT INTO search_backlog (video_id) VALUES " + string.Join(',', batch.Select((_, i) => $"(@id{i})")), connection))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    queue.Parameters.AddWithValue($"@id{i}", batch[i].VideoId);
                }

                await queue.ExecuteNonQueryAsync(cancellationToken);
            }

            indexer ??= new SearchIndexer(dataSource);
            await indexer.IndexNextAsync(IndexBatch, cancellationToken);
        }

        public override async Task AfterIndexingAsync(MySqlConnection connection, CancellationToken cancellationToken) =>
            await ExecuteAsync(connection, "ANALYZE TABLE video_terms", cancellationToken);

        public override async Task<List<string>> SearchAsync(MySqlDataSource dataSource, string q, int limit, CancellationToken cancellationToken) =>
            (await new VideoReader(dataSource).PageAsync(new VideoQuery { Words = SearchTerms.QueryWords(q), Limit = limit }, cancellationToken))
                .Select(v => v.VideoId).ToList();

        public override async Task DropAsync(MySqlConnection connection, CancellationToken cancellationToken)
        {
            if (indexer is not null)
            {
                await indexer.DisposeAsync();
                indexer = null;
            }
        }
    }

    /// <summary>A term index of prefixes, queried as before issue 19 (rarest of the words by counting to 200).</summary>
    private sealed class PrefixTerms(string key, string description, int minPrefix, bool withVideoIdIndex, int maxPrefix = SearchTerms.MaxTermLength)
        : Candidate(key, description)
    {
        private readonly string table = $"cand_{key}_terms";

        public override IEnumerable<string> Files => [$"youtubedb/{table}.ibd"];

        public override Task CreateAsync(MySqlConnection connection, CancellationToken cancellationToken) => ExecuteAsync(connection,
            $"DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (term varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, " +
            "published_at datetime(6) NOT NULL, video_id varchar(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, " +
            $"PRIMARY KEY (term, published_at, video_id){(withVideoIdIndex ? ", KEY ix_video_id (video_id)" : "")})", cancellationToken);

        /// <summary>The terms of one video: prefixes from <c>minPrefix</c> to <c>maxPrefix</c> characters, and every whole word.</summary>
        private IEnumerable<string> Terms(VideoRecord video)
        {
            foreach (var word in SearchTerms.TextTerms(video.Title, video.Description))
            {
                yield return word;
                for (var length = minPrefix; length <= Math.Min(maxPrefix, word.Length - 1); length++)
                {
                    if (!char.IsHighSurrogate(word[length - 1]))
                    {
                        yield return word[..length];
                    }
                }
            }
        }

        public override async Task IndexAsync(MySqlDataSource dataSource, MySqlConnection connection, IReadOnlyList<VideoRecord> batch, CancellationToken cancellationToken)
        {
            // The product indexer's prepared INSERT (its statement when these designs were measured, and when a server
            // refuses local data), in one transaction a batch.
            var rows = batch.SelectMany(v => Terms(v).Distinct(StringComparer.Ordinal).Select(t => (t, v.PublishedAt, v.VideoId)))
                .OrderBy(r => r.t, StringComparer.Ordinal).ThenBy(r => r.PublishedAt).ThenBy(r => r.VideoId, StringComparer.Ordinal).ToList();
            await ExecuteAsync(connection, "START TRANSACTION", cancellationToken);
            await SearchIndexer.InsertTermRowsAsync(connection, rows, cancellationToken, table);
            await ExecuteAsync(connection, "COMMIT", cancellationToken);
        }

        public override async Task AfterIndexingAsync(MySqlConnection connection, CancellationToken cancellationToken) =>
            await ExecuteAsync(connection, $"ANALYZE TABLE {table}", cancellationToken);

        public override async Task<List<string>> SearchAsync(MySqlDataSource dataSource, string q, int limit, CancellationToken cancellationToken)
        {
            var words = SearchTerms.QueryWords(q);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            if (words.Count > 1)
            {
                // Each word's rows counted up to 200; the fewest drives, among equals the longer word.
                var probe = new StringBuilder("SELECT ");
                await using var count = new MySqlCommand { Connection = connection };
                for (var i = 0; i < words.Count; i++)
                {
                    probe.Append(i == 0 ? "" : ", ").Append($"(SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE term = @w{i} LIMIT 200) c{i})");
                    count.Parameters.AddWithValue($"@w{i}", words[i]);
                }

                count.CommandText = probe.ToString();
                var counts = new long[words.Count];
                await using (var reader = await count.ExecuteReaderAsync(cancellationToken))
                {
                    await reader.ReadAsync(cancellationToken);
                    for (var i = 0; i < words.Count; i++)
                    {
                        counts[i] = reader.GetInt64(i);
                    }
                }

                words = words.Select((w, i) => (w, c: counts[i])).OrderBy(x => x.c).ThenByDescending(x => x.w.Length).Select(x => x.w).ToList();
            }

            var sql = new StringBuilder($"SELECT v.video_id FROM (SELECT d.published_at, d.video_id FROM {table} d WHERE d.term = @w0");
            await using var page = new MySqlCommand { Connection = connection };
            page.Parameters.AddWithValue("@w0", words[0]);
            for (var i = 1; i < words.Count; i++)
            {
                sql.Append($" AND EXISTS (SELECT 1 FROM {table} x{i} WHERE x{i}.term = @w{i} AND x{i}.published_at = d.published_at AND x{i}.video_id = d.video_id)");
                page.Parameters.AddWithValue($"@w{i}", words[i]);
            }

            page.CommandText = sql.Append($" ORDER BY d.published_at DESC, d.video_id DESC LIMIT {limit}) page JOIN videos v ON v.video_id = page.video_id ")
                .Append("ORDER BY page.published_at DESC, page.video_id DESC").ToString();
            return await IdsAsync(page, cancellationToken);
        }

        public override Task DropAsync(MySqlConnection connection, CancellationToken cancellationToken) =>
            ExecuteAsync(connection, $"DROP TABLE {table}", cancellationToken);
    }

    /// <summary>One row a video with its folded words, under a full-text index (InnoDB FULLTEXT or Mroonga).</summary>
    private sealed class FullText(string key, string description, string table, bool mroonga) : Candidate(key, description)
    {
        public override IEnumerable<string> Files => mroonga ? ["youtubedb.mrn*"] : [$"youtubedb/{table}.ibd", "youtubedb/FTS_*.ibd"];

        public override Task CreateAsync(MySqlConnection connection, CancellationToken cancellationToken) => ExecuteAsync(connection,
            $"DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (video_id varchar(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY, " +
            "published_at datetime(6) NOT NULL, doc text NOT NULL, " +
            (mroonga
                ? "FULLTEXT INDEX ft_doc (doc) COMMENT 'tokenizer \"TokenDelimit\", normalizer \"NormalizerAuto\"', KEY ix_published (published_at)) ENGINE=Mroonga DEFAULT CHARSET=utf8mb4"
                : "FULLTEXT KEY ft_doc (doc), KEY ix_published (published_at, video_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"),
            cancellationToken);

        public override async Task IndexAsync(MySqlDataSource dataSource, MySqlConnection connection, IReadOnlyList<VideoRecord> batch, CancellationToken cancellationToken)
        {
            await using var insert = new MySqlCommand { Connection = connection };
            var sql = new StringBuilder(mroonga ? "" : "START TRANSACTION; ").Append($"INSERT INTO {table} (video_id, published_at, doc) VALUES ");
            for (var i = 0; i < batch.Count; i++)
            {
                sql.Append(i == 0 ? "" : ",").Append($"(@v{i},@p{i},@d{i})");
                insert.Parameters.AddWithValue($"@v{i}", batch[i].VideoId);
                insert.Parameters.AddWithValue($"@p{i}", batch[i].PublishedAt);
                insert.Parameters.AddWithValue($"@d{i}", string.Join(' ', SearchTerms.TextTerms(batch[i].Title, batch[i].Description)));
            }

            insert.CommandText = sql.Append(mroonga ? "" : "; COMMIT").ToString();
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        public override async Task AfterIndexingAsync(MySqlConnection connection, CancellationToken cancellationToken)
        {
            if (!mroonga)
            {
                await ExecuteAsync(connection, $"ANALYZE TABLE {table}", cancellationToken);
            }
        }

        public override async Task<List<string>> SearchAsync(MySqlDataSource dataSource, string q, int limit, CancellationToken cancellationToken)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new MySqlCommand(
                $"SELECT v.video_id FROM (SELECT d.video_id, d.published_at FROM {table} d WHERE MATCH (d.doc) AGAINST (@q IN BOOLEAN MODE) " +
                $"ORDER BY d.published_at DESC{(mroonga ? "" : ", d.video_id DESC")} LIMIT {limit}) page JOIN videos v ON v.video_id = page.video_id " +
                "ORDER BY page.published_at DESC, page.video_id DESC",
                connection);
            command.Parameters.AddWithValue("@q", string.Join(' ', SearchTerms.QueryWords(q).Select(w => $"+{w}*")));
            return await IdsAsync(command, cancellationToken);
        }

        public override Task DropAsync(MySqlConnection connection, CancellationToken cancellationToken) =>
            ExecuteAsync(connection, $"DROP TABLE {table}", cancellationToken);
    }
}

public sealed record CandidatesRun(int Videos, QueryTiming ListPage, List<CandidateResult> Candidates, List<string> Notes);

public sealed record CandidateResult(
    string Key, string Description, double VideosPerSecond, double EmptyIndexVideosPerSecond, double IndexMb, double VideosMb, double IndexToVideos,
    Dictionary<string, QueryTiming> Queries, List<ExampleResult> Examples);

public sealed record QueryTiming(double P50Ms, double P95Ms, int Runs, int Items);

public sealed record ExampleResult(string Query, string[] Expected, List<string> Got, bool Passed);
