using System.Diagnostics;
using System.Globalization;

using YouTubeFeed.DevServers;

namespace YouTubeFeed.Bench;

/// <summary>The Api as a separate process (the Release build) in its default production configuration, rate limit off.</summary>
public sealed partial class ApiProcess : IAsyncDisposable
{
    private readonly Process process;

    private ApiProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Pid => process.Id;

    public static async Task<ApiProcess> StartAsync(string dll, LocalServers servers, string logFile, TextWriter log, CancellationToken cancellationToken)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The Api build was not found at {dll}; run `dotnet build -c Release` first or pass --api-dll.");
        }

        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__youtubedb"] = servers.MySqlConnectionString,
            ["ConnectionStrings__cache"] = servers.RedisConnectionString,
            ["Api__RateLimitPermits"] = "0",
            ["Api__CursorSigningKey"] = "bench",
            // The Api's own production defaults (logging included): only the rate limit is off for the run.
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_gcServer"] = Environment.GetEnvironmentVariable("DOTNET_gcServer") ?? "",
        };
        if (environment["DOTNET_gcServer"].Length == 0)
        {
            environment.Remove("DOTNET_gcServer");
        }

        // Port 0: Kestrel binds a port of its own and logs it (Microsoft.Hosting.Lifetime, at Information in production too).
        var process = ProcessRunner.StartLogged("dotnet", [dll, "--urls", "http://127.0.0.1:0"], logFile, environment);
        var port = await ProcessRunner.ListeningPortAsync(process, logFile, ListeningLine(), TimeSpan.FromSeconds(120), cancellationToken);

        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var api = new ApiProcess(process, baseAddress);
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The Api exited ({process.ExitCode}); see {logFile}.");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("health", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                await api.DisposeAsync();
                throw new TimeoutException($"The Api was not healthy within 120 s; see {logFile}.");
            }

            await Task.Delay(250, cancellationToken);
        }

        await log.WriteLineAsync($"Api on {baseAddress} (pid {process.Id})");
        return api;
    }

    /// <summary>VmRSS and VmHWM of the Api process, in MB.</summary>
    public (double RssMb, double PeakRssMb) WorkingSet()
    {
        double Read(string key)
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal));
            var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return Math.Round(kb / 1024.0, 1);
        }

        return (Read("VmRSS"), Read("VmHWM"));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial System.Text.RegularExpressions.Regex ListeningLine();

    public ValueTask DisposeAsync() => new(ProcessRunner.StopAsync(process, TimeSpan.FromSeconds(15)));
}
