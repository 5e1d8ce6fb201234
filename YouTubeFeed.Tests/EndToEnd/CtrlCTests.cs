using System.Diagnostics;
using System.Globalization;
using System.Text;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.EndToEnd;

/// <summary>
/// <c>dotnet run --project YouTubeFeed.AppHost</c> as a user runs it, stopped by Ctrl+C or SIGTERM: every process it
/// started (the AppHost, DCP, mariadbd, redis-server, the dashboard, the emulator, the Api, the Worker and their
/// <c>dotnet run</c> wrappers) is gone within 10 s of the signal.
/// </summary>
[Collection(AppHostAloneCollection.Name)]
public sealed class CtrlCTests(ITestOutputHelper output)
{
    /// <summary>The README's promise.</summary>
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(4);

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Theory]
    [InlineData("INT", true)] // Ctrl+C: the terminal signals the whole foreground process group
    [InlineData("TERM", false)] // kill, systemd, docker stop: one signal to the process that was started
    public async Task The_signal_stops_every_process_within_10_seconds(string signal, bool toProcessGroup)
    {
        using var run = StartAppHost();
        var lines = new StringBuilder();
        var healthy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new HashSet<string>();
        run.OutputDataReceived += (_, e) => OnLine(e.Data);
        run.ErrorDataReceived += (_, e) => OnLine(e.Data);
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();

        List<LocalProcesses.Identity> processes = [];
        try
        {
            await healthy.Task.WaitAsync(s_startTimeout, TestContext.Current.CancellationToken);
            processes = Ours(run.Id);
            var commandLines = processes.ToDictionary(p => p, p => LocalProcesses.CommandLine(p.Pid));
            foreach (var expected in new[] { "YouTubeFeed.AppHost", "start-apiserver", "run-controllers", "mariadbd", "redis-server", "Aspire.Dashboard" })
            {
                Assert.Contains(commandLines.Values, line => line.Contains(expected, StringComparison.Ordinal));
            }

            foreach (var project in new[] { "YouTubeFeed.Api", "YouTubeFeed.Worker", "YouTubeFeed.YouTubeEmulator" })
            {
                Assert.Contains(commandLines.Values, line => line.StartsWith("dotnet run", StringComparison.Ordinal) && line.Contains($"{project}.csproj", StringComparison.Ordinal));
                Assert.Contains(commandLines.Values, line => line.Contains($"bin/{Configuration}/net10.0/{project}", StringComparison.Ordinal));
            }

            var signalled = Stopwatch.StartNew();
            Kill(signal, toProcessGroup ? $"-{run.Id}" : run.Id.ToString(CultureInfo.InvariantCulture));
            var gone = new Dictionary<LocalProcesses.Identity, TimeSpan>();
            while (gone.Count < processes.Count && signalled.Elapsed < TimeSpan.FromSeconds(60))
            {
                foreach (var process in processes.Where(p => !gone.ContainsKey(p) && !LocalProcesses.IsRunning(p)))
                {
                    gone[process] = signalled.Elapsed;
                }

                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            foreach (var (process, after) in gone.OrderBy(g => g.Value))
            {
                output.WriteLine($"{after.TotalSeconds,6:F2} s  {process.Pid,7}  {Shorten(commandLines[process])}");
            }

            var left = processes.Where(p => !gone.ContainsKey(p)).Select(p => Shorten(commandLines[p])).ToList();
            Assert.True(left.Count == 0, $"still running after 60 s: {string.Join("; ", left)}");
            var last = gone.Values.Max();
            output.WriteLine($"SIG{signal}{(toProcessGroup ? " to the process group" : "")}: {processes.Count} processes, the last gone after {last.TotalSeconds:F2} s");
            Assert.True(last < s_limit, $"the last of {processes.Count} processes ended {last.TotalSeconds:F1} s after SIG{signal} (limit {s_limit.TotalSeconds} s)");
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The AppHost did not report both services healthy within {s_startTimeout}:\n{Tail(lines)}");
        }
        finally
        {
            // Whatever a failure left behind, and only that.
            foreach (var process in processes.Where(LocalProcesses.IsRunning))
            {
                Kill("KILL", process.Pid.ToString(CultureInfo.InvariantCulture));
            }

            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }
        }

        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (lines)
            {
                lines.AppendLine(line);
                foreach (var service in new[] { "api", "worker" }.Where(s => line.StartsWith($"{s} is healthy", StringComparison.Ordinal)))
                {
                    seen.Add(service);
                }

                if (seen.Count == 2)
                {
                    healthy.TrySetResult();
                }
            }
        }
    }

    /// <summary>
    /// The AppHost under <c>dotnet run</c>, in a process group of its own (as a shell's foreground job is) and with
    /// SIGINT at its default: a test runner started in the background may ignore it, and that would be inherited.
    /// </summary>
    private static Process StartAppHost()
    {
        var start = new ProcessStartInfo("perl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in new[]
        {
            "-e", "setpgrp(0, 0); $SIG{INT} = $SIG{TERM} = $SIG{QUIT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\";",
            "dotnet", "run", "--project", RepositoryRoot.Combine("YouTubeFeed.AppHost"), "-c", Configuration, "--no-build", "--no-launch-profile", "--",
            "Backends:Mode=local", "Backends:Ephemeral=true",
            // Ports of its own: a developer's AppHost on the launch profiles' ports must not be in the way.
            "DcpPublisher:RandomizePorts=true",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // What the AppHost's launch profile sets, with ports chosen by the system.
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://127.0.0.1:0";
        start.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = "http://127.0.0.1:0";
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        return Process.Start(start) ?? throw new InvalidOperationException("perl did not start");
    }

    /// <summary>
    /// Every process of this run: <c>dotnet run</c> and the AppHost below it, and DCP, which detaches itself (its
    /// parent becomes PID 1) and monitors the AppHost, with everything below it.
    /// </summary>
    private static List<LocalProcesses.Identity> Ours(int dotnetRun)
    {
        var mine = LocalProcesses.WithDescendants([dotnetRun]);
        var dcp = LocalProcesses.Parents().Keys.Where(pid =>
        {
            var line = LocalProcesses.CommandLine(pid);
            return line.Contains("start-apiserver", StringComparison.Ordinal)
                && mine.Any(ours => line.Contains($"--monitor {ours} ", StringComparison.Ordinal));
        }).ToList();
        Assert.Single(dcp);
        mine.UnionWith(LocalProcesses.WithDescendants(dcp));
        return [.. mine.Select(LocalProcesses.IdentityOf).OfType<LocalProcesses.Identity>()];
    }

    private static void Kill(string signal, string target)
    {
        // The shell's own kill: a negative id (a process group) needs no extra package.
        using var kill = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"kill -s {signal} -- {target}"]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("sh did not start");
        kill.WaitForExit();
    }

    private static string Shorten(string commandLine) => commandLine.Length <= 140 ? commandLine : commandLine[..140] + "…";

    private static string Tail(StringBuilder lines)
    {
        lock (lines)
        {
            var text = lines.ToString();
            return text.Length <= 4000 ? text : text[^4000..];
        }
    }
}
