using System.Diagnostics;
using System.Text.Json;

namespace YouTubeFeed.Tests.Bench;

/// <summary>
/// The benchmark's small variant (<c>--videos 20000 --seconds 3</c>) as a smoke test: it must run to the end and
/// write well-formed results with every figure present. Timings are not asserted.
/// </summary>
public sealed class BenchSmokeTests
{
    private static readonly string[] HttpFigures =
    [
        "ceilingGetData", "getDataPage1", "ceilingApiVideos", "apiVideosPage1", "getDataPage2", "getDataPage1pct", "getDataPage50pct", "getDataPage99pct",
        "cursorPage2", "cursorPage1pct", "cursorPage50pct", "cursorPage99pct", "listUncached",
        "searchTwoWord", "searchPrefix", "searchNoMatch", "searchDisjoint",
        "shortsExcludePage2", "shortsExcludePage1pct", "shortsExcludePage50pct", "shortsExcludePage99pct",
        "durationLongPage2", "durationLongPage1pct", "durationLongPage50pct", "durationLongPage99pct",
        "orderViewsPage2", "orderViewsPage1pct", "orderViewsPage50pct", "orderViewsPage99pct",
    ];

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly string[] IngestFigures = ["upsertEmpty", "indexEmpty", "rawInsert", "rawInsertWithTerms", "upsertAtScale", "indexAtScale", "indexSeed"];

    [Fact]
    public async Task SmallBenchmarkCompletesAndWritesEveryFigure()
    {
        var repo = RepositoryRoot();
        var output = Directory.CreateTempSubdirectory("ytf-bench-smoke-").FullName;
        try
        {
            var info = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = repo,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                // Built with the tests (a project reference): building it here again would cost a loaded machine a
                // minute and touch files other tests are using.
                "run", "-c", Configuration, "--no-build", "--project", Path.Combine(repo, "YouTubeFeed.Bench"), "--",
                "--videos", "20000", "--seconds", "3", "--output", output,
            })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            Assert.True(process.ExitCode == 0, $"The bench exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "bench-results.json"), TestContext.Current.CancellationToken));
            var run = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal(20000, run.GetProperty("videos").GetInt64());

            var http = run.GetProperty("http");
            foreach (var name in HttpFigures)
            {
                var figure = http.GetProperty(name);
                Assert.True(figure.GetProperty("requests").GetInt64() > 0, $"{name}: no requests");
                foreach (var field in new[] { "requestsPerSecond", "p50Ms", "p99Ms" })
                {
                    Assert.True(figure.GetProperty(field).GetDouble() > 0, $"{name}.{field} missing");
                }

                Assert.Equal(0, figure.GetProperty("errors").GetInt64());
            }

            var ingest = run.GetProperty("ingest");
            foreach (var name in IngestFigures)
            {
                Assert.True(ingest.GetProperty(name).GetProperty("videosPerSecond").GetDouble() > 0, $"ingest {name} missing");
            }

            Assert.True(run.GetProperty("seed").GetProperty("videosPerSecond").GetDouble() > 0);
            Assert.True(run.GetProperty("memory").GetProperty("apiWorkingSetMb").GetDouble() > 0);
            Assert.True(run.GetProperty("cursorWalk").GetProperty("pages").GetInt64() > 0);
            Assert.NotEmpty(run.GetProperty("ratios").EnumerateObject());
            var targets = run.GetProperty("targets").EnumerateArray().ToList();
            // Issues 17 and 19: 19 targets; issue 20: page 2 and three depths of each of the three filtered listings.
            Assert.Equal(19 + (3 * 4), targets.Count);
            Assert.All(targets, t => Assert.Equal(JsonValueKind.Number, t.GetProperty("value").ValueKind));
            Assert.NotEmpty(run.GetProperty("diagnostics").EnumerateArray());
            // Two-word, prefix, unknown word, disjoint, and a prefix looked up beside a word.
            Assert.Equal(5, run.GetProperty("searches").EnumerateObject().Count());

            // The filtered listings ran on enriched videos: each lists some of the 20,000 (order=views all of them).
            var filtered = run.GetProperty("filtered").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("videos").GetInt64());
            Assert.Equal(["durationLong", "orderViews", "shortsExclude"], filtered.Keys.Order());
            Assert.InRange(filtered["shortsExclude"], 1, 19999);
            Assert.InRange(filtered["durationLong"], 1, 19999);
            Assert.Equal(20000, filtered["orderViews"]);
            Assert.NotEmpty(run.GetProperty("phaseSeconds").EnumerateObject());

            var markdown = await File.ReadAllTextAsync(Path.Combine(output, "benchmarks.md"), TestContext.Current.CancellationToken);
            Assert.Contains("20,000 videos", markdown, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "YouTubeFeed.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("YouTubeFeed.sln not found above the test assembly.");
    }
}
