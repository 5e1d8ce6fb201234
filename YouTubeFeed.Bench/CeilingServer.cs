using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

using YouTubeFeed.DevServers;

namespace YouTubeFeed.Bench;

/// <summary>
/// The benchmark's ceiling: a bare Kestrel process (no middleware, no routing, no logging) that answers every
/// request for a path with the exact bytes the Api sent for it. The cached first page is measured against it, so
/// the Api's whole pipeline (middleware, endpoint routing, logging, headers) shows in the ratio.
/// </summary>
public sealed partial class CeilingServer : IAsyncDisposable
{
    public const string Command = "ceiling-server";

    private readonly Process process;

    private CeilingServer(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>
    /// Starts the bench's own executable in <see cref="Command"/> mode, serving each body at its path. Runs with the
    /// Api's garbage collector (server GC, the web SDK's default) unless DOTNET_gcServer says otherwise.
    /// </summary>
    public static async Task<CeilingServer> StartAsync(
        string directory, IReadOnlyDictionary<string, (byte[] Body, string ContentType)> bodies, TextWriter log, CancellationToken cancellationToken)
    {
        var args = new List<string> { typeof(CeilingServer).Assembly.Location, Command };
        args.Add("0");
        var i = 0;
        foreach (var (path, (body, contentType)) in bodies)
        {
            var file = Path.Combine(directory, $"ceiling-{i++}.body");
            await File.WriteAllBytesAsync(file, body, cancellationToken);
            args.AddRange([path, contentType, file]);
        }

        var environment = new Dictionary<string, string>
        {
            ["DOTNET_gcServer"] = Environment.GetEnvironmentVariable("DOTNET_gcServer") ?? "1",
        };
        var logFile = Path.Combine(directory, "ceiling.log");
        var process = ProcessRunner.StartLogged("dotnet", args, logFile, environment);
        var port = await ProcessRunner.ListeningPortAsync(process, logFile, ListeningLine(), TimeSpan.FromSeconds(60), cancellationToken);

        var server = new CeilingServer(process, new Uri($"http://127.0.0.1:{port}/"));
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The ceiling server exited ({process.ExitCode}); see {Path.Combine(directory, "ceiling.log")}.");
            }

            try
            {
                var (path, (body, _)) = bodies.First();
                var served = await client.GetByteArrayAsync(new Uri(path.TrimStart('/'), UriKind.Relative), cancellationToken);
                if (served.AsSpan().SequenceEqual(body))
                {
                    break;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        await log.WriteLineAsync($"Ceiling (bare Kestrel) on {server.BaseAddress} (pid {process.Id})");
        return server;
    }

    /// <summary>
    /// The child process: <c>ceiling-server PORT (PATH CONTENT-TYPE FILE)…</c>; with port 0 it binds one of its own
    /// and writes it to its output (<see cref="ListeningLine"/>).
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var port = int.Parse(args[1], CultureInfo.InvariantCulture);
        var bodies = new Dictionary<string, (byte[] Body, string ContentType)>(StringComparer.Ordinal);
        for (var i = 2; i + 2 < args.Count; i += 3)
        {
            bodies[args[i]] = (await File.ReadAllBytesAsync(args[i + 2]), args[i + 1]);
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(context =>
        {
            if (!bodies.TryGetValue(context.Request.Path.Value ?? "", out var entry))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            context.Response.ContentType = entry.ContentType;
            context.Response.ContentLength = entry.Body.Length;
            return context.Response.Body.WriteAsync(entry.Body, context.RequestAborted).AsTask();
        });
        await app.StartAsync();
        Console.WriteLine($"Ceiling listening on port {new Uri(app.Urls.First()).Port.ToString(CultureInfo.InvariantCulture)}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Ceiling listening on port (\d+)")]
    private static partial System.Text.RegularExpressions.Regex ListeningLine();

    public ValueTask DisposeAsync() => new(ProcessRunner.StopAsync(process, TimeSpan.FromSeconds(15)));
}
