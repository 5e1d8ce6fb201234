using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using YouTubeFeed.Data.Database;
using YouTubeFeed.Tests.Emulator;
using YouTubeFeed.Tests.Faults;
using YouTubeFeed.Tests.Infrastructure;
using YouTubeFeed.Worker.Ingestion;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.Search;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Tests.Security;

/// <summary>
/// API keys never leave the Worker's memory except in the request header to YouTube: not in logs (at Trace),
/// traces, metrics, Api responses, or what the emulator records.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed partial class SecretsTests(BackendFixture backend) : IAsyncLifetime
{
    private static readonly string[] Keys = ["sekret-key-bad", "sekret-key-one", "sekret-key-two"];

    private FaultRig rig = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // Keys configured at the emulator's start: its admin API would carry them in a URL (PUT /admin/keys/{key}),
    // which is the test's own traffic, not the product's.
    public async ValueTask InitializeAsync() => rig = await FaultRig.StartAsync(
        backend, new Dictionary<string, string?> { ["Keys"] = "sekret-key-bad:invalid,sekret-key-one:300,sekret-key-two:100000" });

    public async ValueTask DisposeAsync() => await rig.DisposeAsync();

    [Fact]
    public async Task Api_keys_appear_in_no_log_line_trace_metric_response_or_emulator_record()
    {
        var haystack = new ConcurrentQueue<(string Source, string Text)>();
        var workerLogs = new RecordingLoggerProvider();
        var apiLogs = new RecordingLoggerProvider();
        using var activities = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => haystack.Enqueue(("activity", Describe(activity))),
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument);
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => haystack.Enqueue(("metric", Describe(i, v, tags))));
        meters.SetMeasurementEventCallback<int>((i, v, tags, _) => haystack.Enqueue(("metric", Describe(i, v, tags))));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => haystack.Enqueue(("metric", Describe(i, v, tags))));
        meters.Start();

        await rig.PublishAsync(260, DateTime.UtcNow.AddMinutes(-20));
        await rig.AddFaultAsync(new { kind = "status", status = 503, count = 3, onPage = 4 });
        await rig.AddFaultAsync(new { kind = "malformed", count = 1, onPage = 5 });
        await rig.AddFaultAsync(new { kind = "rate-limit", count = 1, onPage = 2 });

        await using (var worker = await LoggingWorker.StartAsync(rig, workerLogs, string.Join(",", Keys)))
        {
            await FaultRig.Eventually(() => rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"), n => n == 260, TimeSpan.FromSeconds(60), "all stored");
            await rig.PublishAsync(20, DateTime.UtcNow);
            await FaultRig.Eventually(() => rig.Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"), n => n == 280, TimeSpan.FromSeconds(30), "new ones stored");

            await using var api = LoggingApiServer.Start(rig.Store, apiLogs);
            using var http = api.CreateHttpClient();
            var urls = new List<string> { "/", "/health", "/alive", "/openapi/v1.json", "/getData?limit=abc", "/api/videos?cursor=zz", "/nope" };
            for (var i = 0; i < 40; i++)
            {
                urls.AddRange([$"/getData?pageNo={1 + (i % 28)}", "/api/videos", $"/api/videos?limit={1 + i}&q=video", "/api/videos?order=asc&limit=50"]);
            }

            var cursor = (await FaultRig.GetJsonAsync(http, "/api/videos?limit=7")).GetProperty("nextCursor").GetString()!;
            urls.Add("/api/videos?limit=7&cursor=" + Uri.EscapeDataString(cursor));
            await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Cancel }, async (url, ct) =>
            {
                using var response = await http.GetAsync(url, ct);
                haystack.Enqueue(($"response {url}", $"{(int)response.StatusCode}\n{response.Headers}\n{response.Content.Headers}\n{await response.Content.ReadAsStringAsync(ct)}"));
            });
            TestContext.Current.SendDiagnosticMessage($"{urls.Count} Api requests");
        }

        meters.RecordObservableInstruments();
        foreach (var path in new[] { "admin/calls", "admin/keys", "admin/faults", "admin/latency" })
        {
            haystack.Enqueue(($"emulator {path}", (await rig.Emulator.GetJsonAsync(path)).GetRawText()));
        }

        foreach (var line in workerLogs.Lines)
        {
            haystack.Enqueue(("worker log", line));
        }

        foreach (var line in apiLogs.Lines)
        {
            haystack.Enqueue(("api log", line));
        }

        foreach (var line in rig.Emulator.Logs.Entries)
        {
            haystack.Enqueue(("emulator log", line));
        }

        var counts = haystack.GroupBy(h => h.Source.Split(' ')[0]).ToDictionary(g => g.Key, g => g.Count());
        TestContext.Current.SendDiagnosticMessage("searched: " + string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}")));
        Tally.Note("secrets searched: " + string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}")));
        Assert.True(workerLogs.Lines.Count > 50, "the Worker logged at Trace");
        Assert.Contains(workerLogs.Lines, l => l.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal)); // HttpClient's own request logging was on
        Assert.True(counts.GetValueOrDefault("activity") > 0 && counts.GetValueOrDefault("metric") > 0);

        var leaks = haystack.Where(h => Keys.Any(k => h.Text.Contains(k, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(leaks.Count == 0, "keys found in:\n" + string.Join("\n", leaks.Take(10).Select(l => $"{l.Source}: {l.Text[..Math.Min(400, l.Text.Length)]}")));
        var keyUrls = workerLogs.Lines.Where(l => KeyInUrl().IsMatch(l)).ToList();
        Assert.True(keyUrls.Count == 0, "the Worker logged a URL with key=:\n" + string.Join("\n", keyUrls.Take(5)));
        // Any key= in a URL of this test's traffic, whatever its value. The listener hears the whole test process, and
        // other tests' emulators are called with ?key= on purpose (Google accepts it): only the activities that name
        // this test's emulator (its port, in the client's url.full and the server's server.port) are this test's.
        var port = rig.Emulator.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ours = haystack.Where(h => h.Source is "activity" && (h.Text.Contains($":{port}/", StringComparison.Ordinal) || h.Text.Contains($"server.port={port}", StringComparison.Ordinal))).ToList();
        Assert.True(ours.Count > 0, "no activity named this test's emulator");
        var keyUrlsAnywhere = ours.Where(h => KeyInUrl().IsMatch(h.Text)).Select(h => h.Text[..Math.Min(300, h.Text.Length)]).ToList();
        Assert.Empty(keyUrlsAnywhere);

        // The keys were really used: the emulator saw all three fingerprints.
        var seen = (await rig.Emulator.GetJsonAsync("admin/calls")).EnumerateArray().Select(c => c.GetProperty("keyFingerprint").GetString()).Distinct().Count();
        Assert.Equal(3, seen);
    }

    [GeneratedRegex(@"[?&;](key|api_?key)=", RegexOptions.IgnoreCase)]
    private static partial Regex KeyInUrl();

    private static string Describe(Activity activity) =>
        $"{activity.Source.Name} {activity.DisplayName} {activity.OperationName} {activity.StatusDescription} " +
        string.Join("; ", activity.TagObjects.Select(t => $"{t.Key}={t.Value}")) + " " +
        string.Join("; ", activity.Events.Select(e => e.Name + " " + string.Join(",", e.Tags.Select(t => $"{t.Key}={t.Value}")))) + " " +
        string.Join("; ", activity.Baggage.Select(b => $"{b.Key}={b.Value}"));

    private static string Describe<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var text = new System.Text.StringBuilder($"{instrument.Meter.Name} {instrument.Name}={value}");
        foreach (var tag in tags)
        {
            text.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
        }

        return text.ToString();
    }
}

/// <summary>Keeps every log line at every level, with its structured values and exception.</summary>
internal sealed class RecordingLoggerProvider() : YouTubeFeed.Tests.Infrastructure.TestLogs(LogLevel.Trace);

/// <summary>The Worker's ingestion loop in-process (as <see cref="WorkerHarness"/>), logging everything to a provider.</summary>
internal sealed class LoggingWorker : IAsyncDisposable
{
    private readonly IHost host;

    private LoggingWorker(IHost host) => this.host = host;

    public static async Task<LoggingWorker> StartAsync(FaultRig rig, ILoggerProvider logs, string keys)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = rig.Store.Settings();
        configuration["YouTube:BaseUrl"] = new Uri(rig.Emulator.BaseAddress, "youtube/v3/").ToString();
        configuration["YouTube:ApiKeys"] = keys;
        configuration["YouTube:Query"] = FaultRig.Query;
        configuration["YouTube:RequestTimeout"] = "00:00:02";
        configuration["YouTube:FetchInterval"] = "00:00:00.300";
        configuration["YouTube:QuotaPacing"] = "false";
        configuration["YouTube:DailyQuotaUnits"] = "1000000";
        configuration["Logging:LogLevel:Default"] = "Trace";
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.AddYouTubeFeedDatabase();
        builder.AddYouTubeFeedCache();
        builder.AddYouTubeClient();
        builder.AddKeyPool();
        builder.AddIngestion();
        builder.AddIngestionLoop();
        builder.AddSearchIndexing();
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.Services.GetRequiredService<SchemaReadiness>().WaitAsync(timeout.Token);
        return new LoggingWorker(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }
}

/// <summary>The Api on real Kestrel (<see cref="ApiServer"/>), logging everything at Trace to a provider.</summary>
internal static class LoggingApiServer
{
    public static ApiServer Start(IsolatedStore store, ILoggerProvider logs) => new(
        store,
        new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:System"] = "Trace",
        },
        builder => builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
}
