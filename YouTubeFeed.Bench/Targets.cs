using System.Globalization;

namespace YouTubeFeed.Bench;

/// <summary>The issues' targets (17, 19 and 20), evaluated from the figures; a miss carries the measured reason.</summary>
internal static class Targets
{
    /// <summary>Issue 17: a cached first page at 70 % of a bare Kestrel process serving the same bytes (issue 19 asks 60 %).</summary>
    public const double CeilingRatio = 0.7;

    public const double DeepPageRatio = 3;
    public const double SearchRatio = 5;
    public const double DisjointSearchRatio = 10;
    public const double MaxP99Ms = 100;
    public const double UpsertRatio = 0.5;
    public const double StoreAndIndexRatio = 0.3;
    public const double IndexSizeRatio = 3;
    public const double MaxRunMinutes = 30;

    public static (Dictionary<string, double> Ratios, List<TargetResult> Targets) Evaluate(
        Dictionary<string, HttpFigure> http,
        Dictionary<string, IngestFigure> ingest,
        MemoryFigure memory,
        List<QueryDiagnostic> diagnostics,
        long[] deep,
        DatasetInfo dataset,
        Dictionary<string, SearchAnswer> searches,
        IReadOnlyList<FilteredListing> filtered,
        BenchOptions options,
        TimeSpan elapsed)
    {
        var ratios = new Dictionary<string, double>();
        var targets = new List<TargetResult>();
        static double R(double a, double b) => b == 0 ? double.NaN : Math.Round(a / b, 3);
        string Handlers(string labelStart) => string.Join("; ", diagnostics
            .Where(x => x.Label.StartsWith(labelStart, StringComparison.Ordinal))
            .Select(d => $"{d.Label}: {string.Join(", ", d.HandlerReads.Select(h => $"{h.Key}={h.Value:N0}"))} ({d.Milliseconds:0.##} ms in MariaDB)"));

        foreach (var (name, ceilingName) in new[] { ("getDataPage1", "ceilingGetData"), ("apiVideosPage1", "ceilingApiVideos") })
        {
            var f = http[name];
            var ceiling = http[ceilingName];
            var ratio = R(f.RequestsPerSecond, ceiling.RequestsPerSecond);
            ratios[$"{name}/{ceilingName} req/s"] = ratio;
            var met = ratio >= CeilingRatio && f.Errors == 0;
            var reason = f.Errors > 0 ? $"errors: {f.ErrorDetail}. " : "";
            reason += met ? "" : string.Create(CultureInfo.InvariantCulture,
                $"{f.RequestsPerSecond:N0} req/s vs the bare Kestrel process {ceiling.RequestsPerSecond:N0} req/s (same {ceiling.BytesPerResponse} bytes); " +
                $"the page is served from the in-process snapshot, so the gap is the Api's pipeline. {(ratio >= 0.6 ? "Issue 19's 60 % is met." : "")}");
            targets.Add(new TargetResult($"{f.Label}: req/s ≥ 70% of a bare Kestrel process serving the same bytes, no errors", "req/s ratio", ratio, "≥", CeilingRatio, met, reason.Trim()));
        }

        foreach (var (prefix, label, diag) in new[] { ("getDataPage", "/getData offset page", "getData page"), ("cursorPage", "/api/videos cursor page", "cursor page") })
        {
            var page2 = http[prefix + "2"];
            string[] depths = ["1pct", "50pct", "99pct"];
            for (var i = 0; i < depths.Length; i++)
            {
                var f = http[prefix + depths[i]];
                var ratio = R(f.P50Ms, page2.P50Ms);
                ratios[$"{prefix}{depths[i]}/page2 p50"] = ratio;
                ratios[$"{prefix}{depths[i]}/page2 p99"] = R(f.P99Ms, page2.P99Ms);
                var met = ratio <= DeepPageRatio && f.Errors == 0;
                var reason = met ? "" : string.Create(CultureInfo.InvariantCulture,
                    $"p50 {f.P50Ms:0.###} ms vs page 2 {page2.P50Ms:0.###} ms. {Handlers($"{diag} {deep[i]}")}; {Handlers($"{diag} 2")}.");
                targets.Add(new TargetResult(
                    $"{label} {deep[i]} ({depths[i].Replace("pct", "%", StringComparison.Ordinal)}): p50 ≤ 3× page 2",
                    "p50 ratio", ratio, "≤", DeepPageRatio, met, reason));
            }
        }

        // Issue 20: a filtered page at any depth, page 2 included, against the plain list's page 2 (stricter than
        // against its own page 2, which the ratios keep too).
        var plainPage2 = http["cursorPage2"];
        foreach (var listing in filtered)
        {
            var ownPage2 = http[listing.Name + "Page2"];
            string[] depths = ["2", "1pct", "50pct", "99pct"];
            long[] pages = [2, .. listing.DeepPages];
            for (var i = 0; i < depths.Length; i++)
            {
                var f = http[listing.Name + "Page" + depths[i]];
                var ratio = R(f.P50Ms, plainPage2.P50Ms);
                ratios[$"{listing.Name}Page{depths[i]}/cursorPage2 p50"] = ratio;
                ratios[$"{listing.Name}Page{depths[i]}/{listing.Name}Page2 p50"] = R(f.P50Ms, ownPage2.P50Ms);
                var met = ratio <= DeepPageRatio && f.Errors == 0;
                targets.Add(new TargetResult(
                    $"/api/videos {listing.Label}, page {pages[i]:N0} of {listing.Pages:N0}: p50 ≤ 3× the plain list's page 2",
                    "p50 ratio", ratio, "≤", DeepPageRatio, met, met ? "" : string.Create(CultureInfo.InvariantCulture,
                        $"p50 {f.P50Ms:0.###} ms vs the plain page 2 {plainPage2.P50Ms:0.###} ms (its own page 2: {ownPage2.P50Ms:0.###} ms).")));
            }
        }

        var list = http["listUncached"];
        foreach (var (name, diag, limit) in new[]
        {
            ("searchTwoWord", "search two-word", SearchRatio), ("searchPrefix", "search prefix", SearchRatio),
            ("searchNoMatch", "search no-match", SearchRatio), ("searchDisjoint", "search disjoint", DisjointSearchRatio),
        })
        {
            var f = http[name];
            var ratio = R(f.P50Ms, list.P50Ms);
            ratios[$"{name}/listUncached p50"] = ratio;
            ratios[$"{name}/listUncached p99"] = R(f.P99Ms, list.P99Ms);
            var met = ratio <= limit && f.Errors == 0;
            var answer = searches.TryGetValue(name, out var a) ? $"Answers {a.Items} videos{(a.Partial ? ", partial (stopped at the walk budget)" : "")}. " : "";
            var reason = answer + (met ? "" : string.Create(CultureInfo.InvariantCulture,
                $"p50 {f.P50Ms:0.###} ms vs list {list.P50Ms:0.###} ms. {Handlers(diag)}; {Handlers("uncached list page")}."));
            targets.Add(new TargetResult($"{f.Label}: p50 ≤ {limit}× the uncached list page", "p50 ratio", ratio, "≤", limit, met, reason.Trim()));
        }

        // Every URL measured for latency (one connection): the list, deep pages and searches.
        var latency = http.Values.Where(f => f.Connections == options.LatencyConnections && !f.Name.StartsWith("ceiling", StringComparison.Ordinal)
            && !f.Name.EndsWith("Page1", StringComparison.Ordinal)).ToList();
        var worst = latency.MaxBy(f => f.P99Ms)!;
        targets.Add(new TargetResult(
            "Every latency run (list, deep pages, searches; one connection): p99 ≤ 100 ms", "ms (worst p99)", worst.P99Ms, "≤", MaxP99Ms,
            worst.P99Ms <= MaxP99Ms, string.Create(CultureInfo.InvariantCulture, $"worst: {worst.Label}, p99 {worst.P99Ms:0.###} ms, max {worst.MaxMs:0.#} ms.")));

        var upsert = ingest["upsertEmpty"];
        var raw = ingest["rawInsert"];
        var index = ingest["indexEmpty"];
        var ingestRatio = R(upsert.VideosPerSecond, raw.VideosPerSecond);
        ratios["upsert/rawInsert videos/s"] = ingestRatio;
        ratios["indexer/rawInsert videos/s"] = R(index.VideosPerSecond, raw.VideosPerSecond);
        ratios["rawInsertWithTerms/rawInsert videos/s"] = R(ingest["rawInsertWithTerms"].VideosPerSecond, raw.VideosPerSecond);
        ratios["upsertAtScale/rawInsert videos/s"] = R(ingest["upsertAtScale"].VideosPerSecond, raw.VideosPerSecond);
        targets.Add(new TargetResult(
            "Ingest: VideoWriter.UpsertAsync ≥ 50% of raw multi-row INSERT (one writer, batches of 50)", "videos/s ratio", ingestRatio, "≥", UpsertRatio,
            ingestRatio >= UpsertRatio, string.Create(CultureInfo.InvariantCulture,
                $"upsert {upsert.VideosPerSecond:N0} videos/s ({upsert.ServerCountersPerVideo.GetValueOrDefault("Handler_write"):0.#} row writes/video), " +
                $"raw {raw.VideosPerSecond:N0} videos/s ({raw.ServerCountersPerVideo.GetValueOrDefault("Handler_write"):0.#}).")));

        // Storing and indexing one after the other, one writer: the whole cost of a video's terms being written.
        var whole = 1 / (1 / upsert.VideosPerSecond + 1 / index.VideosPerSecond);
        var wholeRatio = R(whole, raw.VideosPerSecond);
        ratios["upsertThenIndex/rawInsert videos/s"] = wholeRatio;
        ratios["upsertThenIndex/rawInsertWithTerms videos/s"] = R(whole, ingest["rawInsertWithTerms"].VideosPerSecond);
        targets.Add(new TargetResult(
            "Storing and indexing (VideoWriter then SearchIndexer, one each) ≥ 30% of raw multi-row INSERT of the videos alone", "videos/s ratio", wholeRatio, "≥",
            StoreAndIndexRatio, wholeRatio >= StoreAndIndexRatio, string.Create(CultureInfo.InvariantCulture,
                $"store {upsert.VideosPerSecond:N0} videos/s, index {index.VideosPerSecond:N0} videos/s " +
                $"({index.ServerCountersPerVideo.GetValueOrDefault("Handler_write"):0.#} row writes/video), together {whole:N0} videos/s; " +
                $"raw INSERT {raw.VideosPerSecond:N0} videos/s, raw INSERT with the term rows {ingest["rawInsertWithTerms"].VideosPerSecond:N0} videos/s " +
                $"({ratios["rawInsertWithTerms/rawInsert videos/s"]:0.###} of the raw INSERT: the ceiling of any design that writes these term rows; " +
                $"storing and indexing reach {ratios["upsertThenIndex/rawInsertWithTerms videos/s"]:0.###} of it).")));

        var sizeRatio = R(dataset.VideoTermsTableMb, dataset.VideosTableMb);
        ratios["video_terms/videos MB"] = sizeRatio;
        targets.Add(new TargetResult(
            "Search index (video_terms, data + indexes) ≤ 3× the videos table", "size ratio", sizeRatio, "≤", IndexSizeRatio, sizeRatio <= IndexSizeRatio,
            string.Create(CultureInfo.InvariantCulture,
                $"video_terms {dataset.VideoTermsTableMb:N0} MB ({dataset.TermRowsPerVideo:0.#} rows/video), videos {dataset.VideosTableMb:N0} MB.")));

        var poolMb = BufferPoolMb(options.BufferPool);
        targets.Add(new TargetResult(
            $"Every table fits the buffer pool ({options.BufferPool})", "MB", dataset.AllTablesMb, "≤", poolMb, dataset.AllTablesMb <= poolMb,
            string.Create(CultureInfo.InvariantCulture, $"all tables {dataset.AllTablesMb:N0} MB (data + indexes) against innodb_buffer_pool_size {poolMb:N0} MB.")));

        var memoryMet = memory.ApiWorkingSetMb <= memory.LimitMb;
        targets.Add(new TargetResult("Api working set (VmRSS) after the load ≤ 250 MB", "MB", memory.ApiWorkingSetMb, "≤", memory.LimitMb, memoryMet,
            memoryMet ? "" : $"VmRSS {memory.ApiWorkingSetMb} MB, peak {memory.ApiPeakWorkingSetMb} MB."));

        var minutes = Math.Round(elapsed.TotalMinutes, 1);
        targets.Add(new TargetResult("The whole run ≤ 30 minutes (until the diagnostics)", "min", minutes, "≤", MaxRunMinutes, minutes <= MaxRunMinutes, ""));
        return (ratios, targets);
    }

    private static double BufferPoolMb(string size) =>
        double.Parse(size[..^1], CultureInfo.InvariantCulture) * (size[^1] == 'G' ? 1024 : 1);
}
