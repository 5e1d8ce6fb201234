using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Database;
using YouTubeFeed.Data.Videos;

using YouTubeFeed.DevServers;

namespace YouTubeFeed.Bench;

/// <summary>The whole benchmark run; <see cref="RunAsync"/> is the entry point (the console program calls it).</summary>
public static class BenchRunner
{
    public const double MemoryLimitMb = 250;

    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }

        if (options.ShowHelp)
        {
            await log.WriteLineAsync(BenchOptions.Help);
            return 0;
        }

        if (options.Vocabulary == "english")
        {
            try
            {
                SyntheticVideos.UseTail(EnglishWords.Load(EnglishWords.DefaultPath));
            }
            catch (FileNotFoundException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message);
                return 2;
            }
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        try
        {
            if (options.Candidates)
            {
                await RunCandidatesAsync(options, log, cancellation.Token);
            }
            else
            {
                await RunBenchAsync(options, log, cancellation.Token);
            }

            return 0;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return 130;
        }
    }

    private static async Task RunBenchAsync(BenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var repo = FindRepositoryRoot();
        var apiDll = options.ApiDll ?? DefaultApiDll(repo);
        var (markdownPath, jsonPath) = options.OutputDirectory is { } output
            ? (Path.Combine(output, "benchmarks.md"), Path.Combine(output, "bench-results.json"))
            : (Path.Combine(repo, "docs", "benchmarks.md"), Path.Combine(repo, "bench-results.json"));
        foreach (var tool in new[] { "wrk", "mariadbd", "mariadb-install-db", "redis-server" })
        {
            if (!OnPath(tool))
            {
                throw new InvalidOperationException($"{tool} was not found on PATH (apt-get install wrk mariadb-server redis-server).");
            }
        }

        var n = options.Videos;
        var startLoad = LoadAverage();
        var m = options.EffectiveIngestVideos;
        await log.WriteLineAsync($"YouTubeFeed benchmark: {n:N0} videos, {options.Seconds} s per wrk run, Api {apiDll}");
        await using var servers = await LocalServers.StartAsync(options.Keep, options.BufferPool, log, cancellationToken);
        var notes = new List<string> { $"Load average at the start (/proc/loadavg): {startLoad}." };
        if (SyntheticVideos.Tail is { } tail)
        {
            notes.Add($"Vocabulary: english (`--vocabulary english`): every other title and description word drawn by Zipf's law " +
                $"from {tail.Count:N0} words of {EnglishWords.DefaultPath}, the rest from the ~350 topic words.");
        }

        if (options.Keep)
        {
            notes.Add($"Temporary directory kept: {servers.Directory}");
        }

        var phases = new Dictionary<string, double>();
        var phase = Stopwatch.StartNew();
        void EndPhase(string name)
        {
            phases[name] = Math.Round(phase.Elapsed.TotalSeconds, 1);
            phase.Restart();
        }

        using var host = await StartDataHostAsync(servers, cancellationToken);
        EndPhase("start MariaDB, Redis, schema");
        var ingest = new Ingest(
            host.Services.GetRequiredService<VideoWriter>(), host.Services.GetRequiredService<SearchIndexer>(), servers.MySqlConnectionString, log);

        // 1. Ingest on empty tables: the product's path against raw INSERTs of the same rows, one writer each.
        // The warm-up videos come from the seeding range, which stores them again unchanged later.
        await ingest.WarmUpAsync(m, cancellationToken);
        await log.WriteLineAsync($"Ingest, one writer, {m:N0} videos in batches of {Ingest.BatchSize}, the four paths interleaved 1,000 videos at a time:");
        var (upsertEmpty, indexEmpty, raw, rawTerms) = await ingest.InterleavedAsync(0, m, cancellationToken);
        foreach (var figure in new[] { upsertEmpty, indexEmpty, raw, rawTerms })
        {
            await LogIngestAsync(log, figure);
        }

        EndPhase("ingest measurements on empty tables (one writer)");

        // 2. Seeding with several writers, then the last part with one writer again (ingest at scale).
        await log.WriteLineAsync($"Seeding {n - 2L * m:N0} videos with {options.SeedWriters} writers:");
        var seed = await ingest.SeedAsync(m, n - m, options.SeedWriters, cancellationToken);
        await log.WriteLineAsync($"  {seed.VideosPerSecond:N0} videos/s ({seed.Seconds:N0} s)");
        EndPhase("seeding (VideoWriter, several writers)");
        await log.WriteLineAsync($"Indexing the seeded videos with {options.SeedWriters} indexers:");
        var indexSeed = await ingest.IndexAsync(
            $"SearchIndexer, the seeded videos, {options.SeedWriters} indexers", n - 2L * m - Ingest.WarmUpVideos, options.SeedWriters, cancellationToken);
        await LogIngestAsync(log, indexSeed);
        EndPhase("indexing the seeded videos (SearchIndexer, several indexers)");
        var upsertFull = await ingest.UpsertSingleWriterAsync($"VideoWriter.UpsertAsync, {n - m:N0} videos stored", n - m, m, cancellationToken);
        await LogIngestAsync(log, upsertFull);
        var indexFull = await ingest.IndexAsync($"SearchIndexer, those videos, one indexer, {n - m:N0} indexed", m, 1, cancellationToken);
        await LogIngestAsync(log, indexFull);
        EndPhase("ingest measurements at scale (one writer)");

        // What enrichment stores (issue 20), for every video, so the filtered pages below run on enriched rows.
        await log.WriteLineAsync("Video details (duration, Shorts, broadcasts, views) for every video:");
        await SyntheticDetails.WriteAsync(servers.MySqlConnectionString, log, cancellationToken);
        EndPhase("video details (what enrichment stores, written in bulk)");

        // What the Worker does after a cycle that stored something.
        await host.Services.GetRequiredService<FirstPageCache>().RefreshAsync(cancellationToken);
        var pages = (n + CursorWalk.Limit - 1) / CursorWalk.Limit;
        long[] deep = [Math.Max(3, (long)Math.Round(pages * 0.01)), (long)Math.Round(pages * 0.5), Math.Max(4, (long)Math.Round(pages * 0.99))];
        var dataset = await DescribeDatasetAsync(servers, n, indexEmpty, pages, deep, cancellationToken);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Dataset: {dataset.Videos:N0} videos, ~{dataset.VideoTermRowsEstimate:N0} term rows ({dataset.TermRowsPerVideo:0.#}/video), " +
            $"videos {dataset.VideosTableMb:N0} MB, video_terms {dataset.VideoTermsTableMb:N0} MB, all tables {dataset.AllTablesMb:N0} MB; " +
            $"'{SyntheticVideos.TwoWordQuery}' matches {dataset.TwoWordMatches:N0}"));
        EndPhase("ANALYZE TABLE and sizes");

        // 3. The Api as its own process.
        await using var api = await ApiProcess.StartAsync(apiDll, servers, Path.Combine(servers.Directory, "api.log"), log, cancellationToken);
        var http = new Dictionary<string, HttpFigure>();
        var wrk = new Wrk(servers.Directory, options.Seconds, log);
        Uri Url(string pathAndQuery) => new(api.BaseAddress, pathAndQuery);
        using var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };

        // The ceiling: a bare Kestrel process serving the bytes the Api sends for each cached first page.
        var bodies = new Dictionary<string, (byte[] Body, string ContentType)>(StringComparer.Ordinal);
        foreach (var path in new[] { "getData?limit=10&pageNo=1", "api/videos?limit=10" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
            response.EnsureSuccessStatusCode();
            bodies["/" + path.Split('?')[0]] = (await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Content.Headers.ContentType?.ToString() ?? "application/json");
        }

        await using var ceiling = await CeilingServer.StartAsync(servers.Directory, bodies, log, cancellationToken);
        Uri CeilingUrl(string pathAndQuery) => new(ceiling.BaseAddress, pathAndQuery);
        EndPhase("Api and ceiling processes started");

        var listBefore = (SyntheticVideos.Newest + TimeSpan.FromDays(1)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await log.WriteLineAsync("Cursor walk (HttpClient, serial):");
        var walk = await new CursorWalk(api.BaseAddress, log).WalkAsync([2, .. deep], cancellationToken);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {walk.Pages:N0} pages in {walk.Seconds:N1} s, page p50 {walk.PageP50Ms:0.##} ms, p99 {walk.PageP99Ms:0.##} ms"));
        EndPhase("cursor walk (HttpClient)");
        string CursorUrl(long page) => $"api/videos?limit={CursorWalk.Limit}&cursor={Uri.EscapeDataString(walk.Cursors[page].Cursor)}";

        // The filtered listings (issue 20), walked the same way to their end (their length is what the walk finds):
        // page 2 and the same depths of their own page count.
        var filtered = new List<FilteredListing>();
        var filteredLatency = new List<(string Name, string Label, string Path)>();
        foreach (var (name, filter, filterLabel) in SyntheticDetails.Filters)
        {
            var filterWalk = await new CursorWalk(api.BaseAddress, log).WalkAsync(null, cancellationToken, filter);
            var filterPages = filterWalk.Pages;
            long[] filterDeep = [Math.Max(3, (long)Math.Round(filterPages * 0.01)), (long)Math.Round(filterPages * 0.5), Math.Max(4, (long)Math.Round(filterPages * 0.99))];
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {filter}: {filterWalk.Videos:N0} videos in {filterPages:N0} pages, page p50 {filterWalk.PageP50Ms:0.##} ms, p99 {filterWalk.PageP99Ms:0.##} ms"));
            filtered.Add(new FilteredListing(name, filterLabel, filterWalk.Videos, filterPages, filterDeep, filterWalk.PageP50Ms, filterWalk.PageP99Ms));
            long[] measured = [2, .. filterDeep];
            string[] depths = ["2", "1pct", "50pct", "99pct"];
            for (var i = 0; i < measured.Length; i++)
            {
                filteredLatency.Add(($"{name}Page{depths[i]}", $"/api/videos?limit=100&{filter}&cursor=… page {measured[i]:N0} of {filterPages:N0}",
                    $"api/videos?limit={CursorWalk.Limit}&{filter}&cursor={Uri.EscapeDataString(filterWalk.Cursors[measured[i]].Cursor)}"));
            }
        }

        EndPhase("filtered cursor walks (HttpClient)");

        // Each cached first page right after its ceiling (the same bytes from the bare Kestrel process).
        var throughput = new List<(string Name, string Label, Uri Url)>
        {
            ("ceilingGetData", $"ceiling: bare Kestrel process, the same {bodies["/getData"].Body.Length} bytes as /getData page 1", CeilingUrl("getData?limit=10&pageNo=1")),
            ("getDataPage1", "/getData?limit=10&pageNo=1 (cached first page)", Url("getData?limit=10&pageNo=1")),
            ("ceilingApiVideos", $"ceiling: bare Kestrel process, the same {bodies["/api/videos"].Body.Length} bytes as /api/videos page 1", CeilingUrl("api/videos?limit=10")),
            ("apiVideosPage1", "/api/videos?limit=10 (cached first page)", Url("api/videos?limit=10")),
        };
        var latency = new List<(string Name, string Label, string Path)>
        {
            ("getDataPage2", "/getData?limit=100&pageNo=2", "getData?limit=100&pageNo=2"),
        };
        string[] depthNames = ["1pct", "50pct", "99pct"];
        for (var i = 0; i < deep.Length; i++)
        {
            latency.Add(($"getDataPage{depthNames[i]}", $"/getData?limit=100&pageNo={deep[i]} ({depthNames[i].Replace("pct", "%", StringComparison.Ordinal)} of {pages:N0} pages)", $"getData?limit=100&pageNo={deep[i]}"));
        }

        latency.Add(("cursorPage2", "/api/videos?limit=100&cursor=… page 2", CursorUrl(2)));
        for (var i = 0; i < deep.Length; i++)
        {
            latency.Add(($"cursorPage{depthNames[i]}", $"/api/videos?limit=100&cursor=… page {deep[i]} ({depthNames[i].Replace("pct", "%", StringComparison.Ordinal)})", CursorUrl(deep[i])));
        }

        latency.AddRange(filteredLatency);
        latency.AddRange(
        [
            ("listUncached", $"/api/videos?limit=20&publishedBefore={listBefore} (uncached list page)", $"api/videos?limit=20&publishedBefore={listBefore}"),
            ("searchTwoWord", $"/api/videos?limit=20&q={SyntheticVideos.TwoWordQuery} (~0.1% of videos)", $"api/videos?limit=20&q={Uri.EscapeDataString(SyntheticVideos.TwoWordQuery)}"),
            ("searchPrefix", $"/api/videos?limit=20&q={SyntheticVideos.PrefixQuery} (prefix, ~15%)", $"api/videos?limit=20&q={SyntheticVideos.PrefixQuery}"),
            ("searchNoMatch", $"/api/videos?limit=20&q={SyntheticVideos.NoMatchQuery} (unknown word)", $"api/videos?limit=20&q={SyntheticVideos.NoMatchQuery}"),
            ("searchDisjoint", $"/api/videos?limit=20&q={SyntheticVideos.DisjointQuery} (two common words, never together: no match)", $"api/videos?limit=20&q={Uri.EscapeDataString(SyntheticVideos.DisjointQuery)}"),
            ("searchPrefixLookup", $"/api/videos?limit=20&q={SyntheticVideos.PrefixLookupQuery} (a word, and a prefix of five terms looked up)", $"api/videos?limit=20&q={Uri.EscapeDataString(SyntheticVideos.PrefixLookupQuery)}"),
        ]);

        // Warm-up: JIT, the Api's connection pool, and the pages each query touches. Each URL gets a short wrk run of
        // its own just before it is measured (below); these few requests only check that every URL answers.
        foreach (var url in throughput.Select(t => t.Url).Concat(latency.Select(l => Url(l.Path))))
        {
            using var response = await client.GetAsync(url, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        // What each search answers: how many videos, and whether it stopped at its walk budget.
        var searches = new Dictionary<string, SearchAnswer>();
        foreach (var (name, label, path) in latency.Where(l => l.Name.StartsWith("search", StringComparison.Ordinal)))
        {
            using var json = JsonDocument.Parse(await client.GetByteArrayAsync(new Uri(path, UriKind.Relative), cancellationToken));
            var partial = json.RootElement.TryGetProperty("partial", out var flag) && flag.GetBoolean();
            searches[name] = new SearchAnswer(label, json.RootElement.GetProperty("items").GetArrayLength(), partial,
                json.RootElement.GetProperty("nextCursor").ValueKind == JsonValueKind.String);
        }

        var readsBefore = await ingest.StatusAsync(cancellationToken);
        notes.Add($"Load average before the HTTP runs (/proc/loadavg): {LoadAverage()}: other work on the machine competes with these figures.");
        await log.WriteLineAsync($"wrk, {options.Connections} connections (throughput):");
        foreach (var (name, label, url) in throughput)
        {
            await wrk.WarmUpAsync(url, options.Connections, cancellationToken);
            http[name] = await wrk.RunAsync(name, label, url, options.Connections, cancellationToken);
        }

        await log.WriteLineAsync($"wrk, {options.LatencyConnections} connection(s) (latency):");
        foreach (var (name, label, path) in latency)
        {
            await wrk.WarmUpAsync(Url(path), options.LatencyConnections, cancellationToken);
            http[name] = await wrk.RunAsync(name, label, Url(path), options.LatencyConnections, cancellationToken);
        }

        notes.Add($"Load average after the HTTP runs: {LoadAverage()}.");
        var readsDuringHttp = (await ingest.StatusAsync(cancellationToken)).GetValueOrDefault("Innodb_buffer_pool_reads") - readsBefore.GetValueOrDefault("Innodb_buffer_pool_reads");
        notes.Add($"InnoDB buffer pool reads from disk during the HTTP runs (Innodb_buffer_pool_reads): {readsDuringHttp:N0}.");
        EndPhase("HTTP runs (wrk)");
        var (rss, peak) = api.WorkingSet();
        var memory = new MemoryFigure(rss, peak, MemoryLimitMb);
        await log.WriteLineAsync($"Api working set after the load: {rss:N1} MB (peak {peak:N1} MB)");

        // 4. Why: EXPLAIN and Handler_read_* of the SQL behind the measured URLs.
        var diagnostics = await DiagnoseAsync(servers.MySqlConnectionString, host.Services.GetRequiredService<VideoReader>(), deep, walk, listBefore, cancellationToken);
        EndPhase("query diagnostics");

        var ingestFigures = new Dictionary<string, IngestFigure>
        {
            ["upsertEmpty"] = upsertEmpty,
            ["indexEmpty"] = indexEmpty,
            ["rawInsert"] = raw,
            ["rawInsertWithTerms"] = rawTerms,
            ["upsertAtScale"] = upsertFull,
            ["indexAtScale"] = indexFull,
            ["indexSeed"] = indexSeed,
        };
        phases["total so far"] = Math.Round(total.Elapsed.TotalSeconds, 1);
        var (ratios, targets) = Targets.Evaluate(http, ingestFigures, memory, diagnostics, deep, dataset, searches, filtered, options, total.Elapsed);
        var run = new BenchRun
        {
            Date = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Machine = await Machine.DescribeAsync(cancellationToken),
            Videos = n,
            SecondsPerWrkRun = options.Seconds,
            Connections = options.Connections,
            LatencyConnections = options.LatencyConnections,
            MariaDbSettings = LocalServers.MariaDbSettings(options.BufferPool),
            Commit = await Machine.CommitAsync(repo, cancellationToken),
            Dataset = dataset,
            Seed = seed,
            Ingest = ingestFigures,
            Http = http,
            CursorWalk = new CursorWalkSummary(walk.Pages, walk.Videos, Math.Round(walk.Seconds, 2), walk.PageP50Ms, walk.PageP99Ms),
            Memory = memory,
            Ratios = ratios,
            Targets = targets,
            Diagnostics = diagnostics,
            Searches = searches,
            Filtered = filtered,
            PhaseSeconds = phases,
            Notes = notes,
            TotalSeconds = Math.Round(total.Elapsed.TotalSeconds, 1),
        };
        await Report.WriteAsync(run, markdownPath, jsonPath, cancellationToken);
        await log.WriteLineAsync();
        foreach (var target in targets)
        {
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(target.Met ? "MET   " : "MISSED")} {target.Name}: {target.Value:0.###} {target.Comparison} {target.Threshold:0.###}"));
        }

        await log.WriteLineAsync($"Results appended to {markdownPath} and {jsonPath} ({total.Elapsed:hh\\:mm\\:ss}).");
        await host.StopAsync(CancellationToken.None);
    }

    private static async Task RunCandidatesAsync(BenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var repo = FindRepositoryRoot();
        var (markdownPath, jsonPath) = options.OutputDirectory is { } output
            ? (Path.Combine(output, "benchmarks.md"), Path.Combine(output, "bench-results.json"))
            : (Path.Combine(repo, "docs", "benchmarks.md"), Path.Combine(repo, "bench-results.json"));
        var mroonga = File.Exists("/usr/lib/mysql/plugin/ha_mroonga.so");
        var extra = SearchCandidates.ExtraSettings(mroonga);
        var startLoad = LoadAverage();
        await using var servers = await LocalServers.StartAsync(options.Keep, options.BufferPool, log, cancellationToken, extra);
        using var host = await StartDataHostAsync(servers, cancellationToken);
        var run = await SearchCandidates.RunAsync(servers.MySqlConnectionString, Path.Combine(servers.Directory, "mysql"), options.Videos, log, cancellationToken);
        await Report.WriteCandidatesAsync(run, new CandidatesContext(
            DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            await Machine.DescribeAsync(cancellationToken),
            await Machine.CommitAsync(repo, cancellationToken),
            [.. LocalServers.MariaDbSettings(options.BufferPool), .. extra],
            $"{startLoad} at the start, {LoadAverage()} at the end",
            Math.Round(total.Elapsed.TotalMinutes, 1)), markdownPath, jsonPath, cancellationToken);
        await log.WriteLineAsync($"Results appended to {markdownPath} and {jsonPath} ({total.Elapsed:hh\\:mm\\:ss}).");
        await host.StopAsync(CancellationToken.None);
    }

    private static async Task<IHost> StartDataHostAsync(LocalServers servers, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:youtubedb"] = servers.MySqlConnectionString,
            ["ConnectionStrings:cache"] = servers.RedisConnectionString,
        });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddYouTubeFeedDatabase();
        builder.AddYouTubeFeedCache();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var readiness = host.Services.GetRequiredService<SchemaReadiness>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await readiness.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The schema was not ready within 120 s: {readiness.LastError}");
        }

        return host;
    }

    private static async Task<DatasetInfo> DescribeDatasetAsync(
        LocalServers servers, long n, IngestFigure indexing, long pages, long[] deep, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(servers.MySqlConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var analyze = new MySqlCommand("ANALYZE TABLE videos, video_terms", connection))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new MySqlCommand(
            "SELECT table_name, table_rows, (data_length + index_length) / 1048576 FROM information_schema.tables " +
            "WHERE table_schema = DATABASE()", connection);
        var sizes = new Dictionary<string, (long Rows, double Mb)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sizes[reader.GetString(0)] = (reader.GetInt64(1), Math.Round(reader.GetDouble(2), 1));
            }
        }

        await using var count = new MySqlCommand("SELECT COUNT(*) FROM videos", connection);
        var videos = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (videos != n)
        {
            throw new InvalidOperationException($"Expected {n} videos, the table has {videos}.");
        }

        var matches = SyntheticVideos.CountTwoWordMatches(n);
        // Handler_write per video of the indexer = its term rows (Innodb_rows_inserted is not kept per statement).
        var termRows = Math.Round(indexing.ServerCountersPerVideo.GetValueOrDefault("Handler_write"), 1);
        return new DatasetInfo(
            videos, sizes.GetValueOrDefault("video_terms").Rows, termRows, sizes.GetValueOrDefault("videos").Mb,
            sizes.GetValueOrDefault("video_terms").Mb, Math.Round(sizes.Values.Sum(v => v.Mb), 1), matches, Math.Round(100.0 * matches / n, 3), SyntheticVideos.Channels,
            SyntheticVideos.TwoWordQuery, SyntheticVideos.PrefixQuery, SyntheticVideos.NoMatchQuery, SyntheticVideos.DisjointQuery, pages, deep);
    }

    private static async Task<List<QueryDiagnostic>> DiagnoseAsync(
        string connectionString, VideoReader reader, long[] deep, CursorWalkResult walk, string listBefore, CancellationToken cancellationToken)
    {
        var diagnostics = new QueryDiagnostics(connectionString);
        var list = new List<QueryDiagnostic>();
        foreach (var page in new[] { 2L }.Concat(deep))
        {
            list.Add(await diagnostics.RunAsync($"getData page {page} as a plain OFFSET {(page - 1) * 100} (VideoReader.PageAtOffsetAsync; the Api uses OffsetPager anchors past offset 2000)", VideoReader.OffsetPageSql,
                new Dictionary<string, object?> { ["@limit"] = 100, ["@offset"] = (page - 1) * 100 }, cancellationToken));
        }

        // The Api asks for one row more than the page, to know whether there is a next page.
        foreach (var page in new[] { 2L }.Concat(deep))
        {
            var (sql, parameters) = VideoReader.PageSql(new VideoQuery { Limit = CursorWalk.Limit + 1, After = walk.Cursors[page].Position });
            list.Add(await diagnostics.RunAsync($"cursor page {page}", sql, Nullable(parameters), cancellationToken));
        }

        var before = DateTime.Parse(listBefore, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var (listSql, listParameters) = VideoReader.PageSql(new VideoQuery { Limit = 21, PublishedBefore = before });
        list.Add(await diagnostics.RunAsync("uncached list page", listSql, Nullable(listParameters), cancellationToken));

        foreach (var (name, q) in new[]
        {
            ("search two-word", SyntheticVideos.TwoWordQuery), ("search prefix", SyntheticVideos.PrefixQuery),
            ("search no-match", SyntheticVideos.NoMatchQuery), ("search disjoint", SyntheticVideos.DisjointQuery),
            ("search prefix looked up", SyntheticVideos.PrefixLookupQuery),
        })
        {
            // The statements the search itself ran (VideoReader.TraceSearchAsync), each run again here alone. Traced
            // the second time, as the Api ran every measured request: a search of words searched before reads the
            // first chunk of its intersection with its probe.
            var query = new VideoQuery { Limit = 21, Words = SearchTerms.QueryWords(q) };
            await reader.TraceSearchAsync(query, cancellationToken);
            var (_, statements) = await reader.TraceSearchAsync(query, cancellationToken);
            foreach (var statement in statements)
            {
                list.Add(await diagnostics.RunAsync($"{name} ({q}): {statement.Label}", statement.Sql, statement.Parameters, cancellationToken));
            }
        }

        return list;
    }

    private static Dictionary<string, object?> Nullable(IReadOnlyDictionary<string, object> parameters) =>
        parameters.ToDictionary(p => p.Key, p => (object?)p.Value);

    private static Task LogIngestAsync(TextWriter log, IngestFigure figure) =>
        log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {figure.Label,-60} {figure.VideosPerSecond,8:N0} videos/s  batch p50 {figure.BatchP50Ms:0.#} ms, p99 {figure.BatchP99Ms:0.#} ms"));

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "YouTubeFeed.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("YouTubeFeed.sln was not found above the bench or the current directory.");
    }

    /// <summary>The Api built in the bench's own configuration (the project reference builds it).</summary>
    private static string DefaultApiDll(string repo)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent?.Name ?? "Release";
        return Path.Combine(repo, "YouTubeFeed.Api", "bin", configuration, "net10.0", "YouTubeFeed.Api.dll");
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin"])
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
