using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

using YouTubeFeed.DevServers;

namespace YouTubeFeed.Bench;

/// <summary>Runs wrk with a Lua <c>done</c> hook that prints the exact figures as one JSON line.</summary>
public sealed class Wrk(string workDirectory, int seconds, TextWriter log)
{
    private const string Marker = "BENCHJSON ";

    private const string Script = """
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format(
            "BENCHJSON {\"requests\":%d,\"durationUs\":%d,\"bytes\":%d,\"connectErrors\":%d,\"readErrors\":%d,\"writeErrors\":%d,\"statusErrors\":%d,\"timeouts\":%d,\"p50Us\":%d,\"p90Us\":%d,\"p99Us\":%d,\"meanUs\":%.1f,\"maxUs\":%d}\n",
            summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
            latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
        end
        """;

    private string? scriptPath;

    /// <summary>
    /// Seconds of requests to a URL, unmeasured, before it is measured: the Api reaches its steady state (tiered JIT
    /// with its profile-guided recompilation) only after a few hundred requests of a new code path, ~5 s for the
    /// two-word search on this machine, so a warm-up of a few requests measured the JIT, not the search.
    /// </summary>
    public static int WarmUpSecondsFor(int secondsPerRun) => Math.Max(1, secondsPerRun / 2);

    /// <summary>Requests <paramref name="url"/> for <see cref="WarmUpSecondsFor"/> seconds, as the measured run will, and discards the figures.</summary>
    public Task WarmUpAsync(Uri url, int connections, CancellationToken cancellationToken) =>
        RunAsync("warm-up", "warm-up", url, connections, cancellationToken, WarmUpSecondsFor(seconds));

    public async Task<HttpFigure> RunAsync(string name, string label, Uri url, int connections, CancellationToken cancellationToken, int? runSeconds = null)
    {
        if (scriptPath is null)
        {
            scriptPath = Path.Combine(workDirectory, "report.lua");
            await File.WriteAllTextAsync(scriptPath, Script, cancellationToken);
        }

        string[] args =
        [
            "-t1", $"-c{connections}", $"-d{runSeconds ?? seconds}s", "--timeout", "30s", "--latency", "-s", scriptPath, url.AbsoluteUri,
        ];
        var (exit, output, error) = await ProcessRunner.RunAsync("wrk", args, cancellationToken);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
        if (exit != 0 || line is null)
        {
            throw new InvalidOperationException($"wrk {string.Join(' ', args)} failed ({exit}): {output}\n{error}");
        }

        var raw = JsonSerializer.Deserialize(line[Marker.Length..], BenchJsonContext.Default.WrkSummary)
            ?? throw new InvalidOperationException("wrk printed no summary.");
        var figure = new HttpFigure
        {
            Name = name,
            Label = label,
            Path = url.PathAndQuery,
            Tool = "wrk",
            Connections = connections,
            Requests = raw.Requests,
            RequestsPerSecond = Math.Round(raw.Requests / (raw.DurationUs / 1e6), 1),
            P50Ms = raw.P50Us / 1000.0,
            P90Ms = raw.P90Us / 1000.0,
            P99Ms = raw.P99Us / 1000.0,
            MeanMs = Math.Round(raw.MeanUs / 1000.0, 3),
            MaxMs = raw.MaxUs / 1000.0,
            BytesPerResponse = raw.Requests == 0 ? 0 : raw.Bytes / raw.Requests,
            Errors = raw.ConnectErrors + raw.ReadErrors + raw.WriteErrors + raw.StatusErrors + raw.Timeouts,
            ErrorDetail = string.Create(CultureInfo.InvariantCulture,
                $"connect {raw.ConnectErrors}, read {raw.ReadErrors}, write {raw.WriteErrors}, non-2xx/3xx {raw.StatusErrors}, timeout {raw.Timeouts}"),
        };
        if (runSeconds is not null)
        {
            return figure; // a warm-up: not a figure of the run
        }

        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-28} {figure.RequestsPerSecond,10:N0} req/s  p50 {figure.P50Ms,8:0.###} ms  p99 {figure.P99Ms,8:0.###} ms  {figure.BytesPerResponse,6} B  errors {figure.Errors}"));
        return figure;
    }
}

public sealed record WrkSummary(
    long Requests, long DurationUs, long Bytes, long ConnectErrors, long ReadErrors, long WriteErrors, long StatusErrors, long Timeouts,
    long P50Us, long P90Us, long P99Us, double MeanUs, long MaxUs);

/// <summary>One measured URL.</summary>
public sealed record HttpFigure
{
    public required string Name { get; init; }
    public required string Label { get; init; }
    public required string Path { get; init; }
    public required string Tool { get; init; }
    public int Connections { get; init; }
    public long Requests { get; init; }
    public double RequestsPerSecond { get; init; }
    public double P50Ms { get; init; }
    public double P90Ms { get; init; }
    public double P99Ms { get; init; }
    public double MeanMs { get; init; }
    public double MaxMs { get; init; }
    public long BytesPerResponse { get; init; }
    public long Errors { get; init; }
    public string ErrorDetail { get; init; } = "";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(WrkSummary))]
[JsonSerializable(typeof(BenchRun))]
[JsonSerializable(typeof(CandidatesRecord))]
[JsonSerializable(typeof(List<JsonElement>))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
