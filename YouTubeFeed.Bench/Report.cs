using System.Globalization;
using System.Text;
using System.Text.Json;

namespace YouTubeFeed.Bench;

/// <summary>Appends a run to the Markdown report and to the JSON array of runs.</summary>
internal static class Report
{
    private const string Header = """
        # Benchmarks

        Produced by `scripts/bench.sh` (the `YouTubeFeed.Bench` project; `scripts/bench.sh --help` lists the flags).
        Each run starts its own MariaDB and Redis, seeds synthetic videos through `VideoWriter.UpsertAsync`, writes their
        search terms with `SearchIndexer`, runs the Api (Release, default production configuration, rate limit off) and a
        bare Kestrel "ceiling" process as separate processes and measures them with `wrk -t1` and an HttpClient harness.
        One section per run is appended below; `bench-results.json` holds the same figures, one object per run.

        """;

    public static async Task WriteAsync(BenchRun run, string markdownPath, string jsonPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(markdownPath))!);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
        var runs = File.Exists(jsonPath)
            ? JsonSerializer.Deserialize(await File.ReadAllTextAsync(jsonPath, cancellationToken), BenchJsonContext.Default.ListJsonElement) ?? []
            : [];
        runs.Add(JsonSerializer.SerializeToElement(run, BenchJsonContext.Default.BenchRun));
        await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(runs, BenchJsonContext.Default.ListJsonElement) + "\n", cancellationToken);

        var existing = File.Exists(markdownPath) ? await File.ReadAllTextAsync(markdownPath, cancellationToken) : Header;
        await File.WriteAllTextAsync(markdownPath, existing.TrimEnd() + "\n\n" + Markdown(run), cancellationToken);
    }

    private static string Markdown(BenchRun run)
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        string F(double value, string format = "N0") => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

        Line(string.Create(CultureInfo.InvariantCulture, $"## Run {run.Date}: {run.Videos:N0} videos"));
        Line();
        Line($"- Machine: {run.Machine.Cpu}, {run.Machine.Cores} cores (nproc), {run.Machine.MemoryGb} GB RAM, {run.Machine.Os}, {run.Machine.Runtime}; " +
             "wrk, MariaDB, Redis, the Api and the bench all on this one machine.");
        Line($"- Commit: {run.Commit}. Run took {F(run.TotalSeconds / 60, "0.0")} min.");
        Line($"- MariaDB 10.11 started by the bench with: `{string.Join(' ', run.MariaDbSettings)}` " +
             "(flush-log-at-trx-commit=2: commits are not fsynced one by one; figures with =1 would be lower for ingest).");
        Line($"- wrk: `-t1`, {run.SecondsPerWrkRun} s per run, {run.Connections} connections for throughput, {run.LatencyConnections} for latency; " +
             $"no Accept-Encoding (uncompressed bodies); every URL warmed up first by an unmeasured wrk run of {Wrk.WarmUpSecondsFor(run.SecondsPerWrkRun)} s of its own " +
             "(the Api's tiered JIT takes a few hundred requests to reach its steady state on a new code path).");
        Line(string.Create(CultureInfo.InvariantCulture,
            $"- Data: {run.Dataset.Videos:N0} videos, {run.Dataset.Channels:N0} channels, ~{run.Dataset.VideoTermRowsEstimate:N0} rows in video_terms " +
            $"({F(run.Dataset.TermRowsPerVideo, "0.#")} per video); videos {F(run.Dataset.VideosTableMb)} MB, video_terms {F(run.Dataset.VideoTermsTableMb)} MB, " +
            $"all tables {F(run.Dataset.AllTablesMb)} MB (data + indexes). " +
            $"`q={run.Dataset.TwoWordQuery}` matches {run.Dataset.TwoWordMatches:N0} videos ({run.Dataset.TwoWordMatchPercent}%)."));
        Line(string.Create(CultureInfo.InvariantCulture,
            $"- Seeding: {run.Seed.Videos:N0} videos with {run.Seed.Writers} concurrent writers at {F(run.Seed.VideosPerSecond)} videos/s ({F(run.Seed.Seconds / 60, "0.0")} min); " +
            $"{run.Seed.DeadlocksRetried:N0} of {run.Seed.Batches:N0} batches hit an InnoDB deadlock (error 1213) in VideoWriter and were retried."));
        foreach (var note in run.Notes)
        {
            Line($"- Note: {note}");
        }

        Line();
        Line("### Targets");
        Line();
        Line("| target | measured | met | reason (when missed) |");
        Line("| --- | --- | --- | --- |");
        foreach (var t in run.Targets)
        {
            Line($"| {Escape(t.Name)} | {F(t.Value, "0.###")} {t.Measure} ({t.Comparison} {F(t.Threshold, "0.###")}) | {(t.Met ? "yes" : "**no**")} | {Escape(t.Reason)} |");
        }

        Line();
        Line("### HTTP");
        Line();
        Line("| measurement | tool, connections | req/s | p50 ms | p90 ms | p99 ms | max ms | bytes | errors |");
        Line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var f in run.Http.Values)
        {
            Line($"| {Escape(f.Label)} | {f.Tool}, {f.Connections} | {F(f.RequestsPerSecond)} | {F(f.P50Ms, "0.###")} | {F(f.P90Ms, "0.###")} | " +
                 $"{F(f.P99Ms, "0.###")} | {F(f.MaxMs, "0.#")} | {f.BytesPerResponse} | {f.Errors} |");
        }

        Line();
        Line("What each benchmark search answered (one request, as measured):");
        Line();
        foreach (var (name, answer) in run.Searches)
        {
            Line($"- {Escape(answer.Label)}: {answer.Items} videos{(answer.Partial ? ", `partial: true` (stopped at the walk budget)" : "")}, " +
                 $"{(answer.HasNextCursor ? "with" : "no")} nextCursor.");
        }

        Line();
        Line(string.Create(CultureInfo.InvariantCulture,
            $"Cursor walk (HttpClient, one connection, `/api/videos?limit=100` page after page): {run.CursorWalk.Pages:N0} pages, {run.CursorWalk.Videos:N0} videos " +
            $"in {F(run.CursorWalk.Seconds, "0.0")} s; per page p50 {F(run.CursorWalk.PageP50Ms, "0.##")} ms, p99 {F(run.CursorWalk.PageP99Ms, "0.##")} ms."));
        Line();
        Line(string.Create(CultureInfo.InvariantCulture, $"### Ingest (one writer, batches of {Ingest.BatchSize}; the indexer in batches of up to {Ingest.IndexBatchSize})"));
        Line();
        Line("| path | videos | videos/s | batch p50 ms | batch p99 ms | rows inserted/video | Handler_write/video | Handler_read_key/video |");
        Line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var f in run.Ingest.Values)
        {
            Line($"| {Escape(f.Label)} | {f.Videos:N0} | {F(f.VideosPerSecond)} | {F(f.BatchP50Ms, "0.#")} | {F(f.BatchP99Ms, "0.#")} | " +
                 $"{F(f.ServerCountersPerVideo.GetValueOrDefault("Innodb_rows_inserted"), "0.#")} | {F(f.ServerCountersPerVideo.GetValueOrDefault("Handler_write"), "0.#")} | " +
                 $"{F(f.ServerCountersPerVideo.GetValueOrDefault("Handler_read_key"), "0.#")} |");
        }

        Line();
        Line("The first four rows are measured on the same videos into empty tables, interleaved 1,000 videos at a time (upsert, index, raw, raw with " +
             "terms), so that other load on the machine weighs on all four alike. The raw INSERTs run the writer's own INSERT statement " +
             "(`VideoWriter.InsertCommand`) into `videos_raw` (`CREATE TABLE … LIKE videos`), and the indexer's own load of the term rows " +
             "(`SearchIndexer.LoadTermRowsAsync`, `LOAD DATA LOCAL` from memory) into `video_terms_raw`. The upsert queues each video for its search terms, which SearchIndexer " +
             "writes afterwards (as the Worker's indexer does); together they are what it costs to make a video searchable by the index. " +
             "The \"at scale\" rows store and index the last videos into the full tables.");
        Line();
        Line(string.Create(CultureInfo.InvariantCulture,
            $"### Memory{Environment.NewLine}{Environment.NewLine}Api VmRSS after all load runs: {F(run.Memory.ApiWorkingSetMb, "0.#")} MB (VmHWM peak {F(run.Memory.ApiPeakWorkingSetMb, "0.#")} MB), limit {F(run.Memory.LimitMb)} MB."));
        Line();
        Line("### Where the time went");
        Line();
        Line("| phase | seconds |");
        Line("| --- | ---: |");
        foreach (var (name, seconds) in run.PhaseSeconds)
        {
            Line($"| {Escape(name)} | {F(seconds, "0.#")} |");
        }

        Line();
        Line("### Ratios");
        Line();
        Line("| ratio | value |");
        Line("| --- | ---: |");
        foreach (var (name, value) in run.Ratios)
        {
            Line($"| {Escape(name)} | {F(value, "0.###")} |");
        }

        Line();
        Line("### Query diagnostics (EXPLAIN and Handler_read_* of the SQL behind each URL, run directly in MariaDB)");
        Line();
        foreach (var d in run.Diagnostics)
        {
            Line(string.Create(CultureInfo.InvariantCulture,
                $"- **{Escape(d.Label)}**: {d.Rows} rows, {F(d.Milliseconds, "0.##")} ms; {string.Join(", ", d.HandlerReads.Select(h => $"{h.Key}={h.Value:N0}"))}"));
            Line();
            Line("  ```");
            Line("  " + d.Sql);
            foreach (var row in d.Explain)
            {
                Line("  " + row);
            }

            Line("  ```");
        }

        return md.ToString();
    }

    /// <summary>Appends a <c>--candidates</c> run: one table of the designs, then the partial-match examples.</summary>
    public static async Task WriteCandidatesAsync(CandidatesRun run, CandidatesContext context, string markdownPath, string jsonPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(markdownPath))!);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
        var runs = File.Exists(jsonPath)
            ? JsonSerializer.Deserialize(await File.ReadAllTextAsync(jsonPath, cancellationToken), BenchJsonContext.Default.ListJsonElement) ?? []
            : [];
        runs.Add(JsonSerializer.SerializeToElement(new CandidatesRecord("searchCandidates", context, run), BenchJsonContext.Default.CandidatesRecord));
        await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(runs, BenchJsonContext.Default.ListJsonElement) + "\n", cancellationToken);

        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        string F(double value, string format = "N0") => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
        Line(string.Create(CultureInfo.InvariantCulture, $"## Search candidates {context.Date}: {run.Videos:N0} videos"));
        Line();
        Line($"- `scripts/bench.sh --candidates --videos {run.Videos}`; commit {context.Commit}; {context.Machine.Cpu}, {context.Machine.Cores} cores, " +
             $"{context.Machine.MemoryGb} GB RAM; run took {F(context.Minutes, "0.0")} min; load average {context.LoadAverage}.");
        Line($"- MariaDB 10.11: `{string.Join(' ', context.MariaDbSettings)}` (the full-text settings are for candidates c and d only).");
        Line("- Every candidate indexes the same videos once, with one indexer in batches of 100 (the first 20,000 into an empty index), then answers " +
             "each query 10 times to warm up and up to 200 times (15 s at most) from one client, in process (no HTTP): first page of 21, newest first, " +
             "the videos' rows read. Size: the candidate's files on disk. Each candidate's tables are dropped before the next one is built.");
        foreach (var note in run.Notes)
        {
            Line($"- Note: {note}");
        }

        Line();
        var names = run.Candidates.FirstOrDefault()?.Queries.Keys.ToList() ?? [];
        Line("| candidate | index MB (× videos) | indexing videos/s (empty index) | " + string.Join(" | ", names.Select(n => $"{n} p50 / p95 ms")) + " | examples |");
        Line("| --- | ---: | ---: | " + string.Join(" | ", names.Select(_ => "---:")) + " | ---: |");
        foreach (var c in run.Candidates)
        {
            Line($"| ({c.Key}) {Escape(c.Description)} | {F(c.IndexMb)} ({F(c.IndexToVideos, "0.##")}×) | {F(c.VideosPerSecond)} ({F(c.EmptyIndexVideosPerSecond)}) | " +
                 string.Join(" | ", names.Select(n => $"{F(c.Queries[n].P50Ms, "0.##")} / {F(c.Queries[n].P95Ms, "0.##")}")) +
                 $" | {c.Examples.Count(e => e.Passed)}/{c.Examples.Count} |");
        }

        Line();
        Line(string.Create(CultureInfo.InvariantCulture,
            $"Reference: an uncached list page (21 videos, VideoReader, same client) p50 {run.ListPage.P50Ms:0.###} ms, p95 {run.ListPage.P95Ms:0.###} ms; " +
            $"the videos table is {F(run.Candidates.FirstOrDefault()?.VideosMb ?? double.NaN)} MB on disk."));
        Line();
        Line("Partial-match examples (the example videos are newer than every synthetic one, so they must come first, newest first):");
        Line();
        Line("| query | expected | " + string.Join(" | ", run.Candidates.Select(c => $"({c.Key})")) + " |");
        Line("| --- | --- | " + string.Join(" | ", run.Candidates.Select(_ => "---")) + " |");
        var examples = run.Candidates.FirstOrDefault()?.Examples ?? [];
        for (var i = 0; i < examples.Count; i++)
        {
            Line($"| `{Escape(examples[i].Query)}` | {string.Join(", ", examples[i].Expected)} | " +
                 string.Join(" | ", run.Candidates.Select(c => c.Examples[i].Passed ? "yes" : $"**no** ({(c.Examples[i].Got.Count == 0 ? "nothing" : string.Join(", ", c.Examples[i].Got))})")) + " |");
        }

        var existing = File.Exists(markdownPath) ? await File.ReadAllTextAsync(markdownPath, cancellationToken) : Header;
        await File.WriteAllTextAsync(markdownPath, existing.TrimEnd() + "\n\n" + md, cancellationToken);
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
