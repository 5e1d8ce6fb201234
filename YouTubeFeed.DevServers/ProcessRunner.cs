using System.Diagnostics;

namespace YouTubeFeed.DevServers;

/// <summary>Starts processes with their output in a file, and stops them politely (SIGTERM, then kill).</summary>
public static class ProcessRunner
{
    public static Process StartLogged(string file, IEnumerable<string> args, string outputFile, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        var writer = new StreamWriter(outputFile, append: true) { AutoFlush = true };
        var sync = new Lock();
        var closed = false;
        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            // Output lines can still arrive after Exited has fired: once the file is closed they are dropped.
            lock (sync)
            {
                if (!closed)
                {
                    writer.WriteLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Exited += (_, _) =>
        {
            lock (sync)
            {
                closed = true;
                writer.Dispose();
            }
        };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// The port a process started by <see cref="StartLogged"/> says it listens on: the first number that
    /// <paramref name="line"/> (one group) finds in its output. A server that binds port 0 and says which port it got
    /// cannot lose its port to another process, as one told a free port to bind later can. A process that exits or
    /// stays silent is stopped, and the error says where its output is.
    /// </summary>
    public static async Task<int> ListeningPortAsync(
        Process process, string outputFile, System.Text.RegularExpressions.Regex line, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadListeningPortAsync(process, outputFile, line, timeout, cancellationToken);
        }
        catch
        {
            await StopAsync(process, TimeSpan.FromSeconds(15));
            throw;
        }
    }

    private static async Task<int> ReadListeningPortAsync(
        Process process, string outputFile, System.Text.RegularExpressions.Regex line, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using (var stream = new FileStream(outputFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream))
            {
                var match = line.Match(await reader.ReadToEndAsync(cancellationToken));
                if (match.Success)
                {
                    return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited ({process.ExitCode}) before it listened; see {outputFile}.");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{process.StartInfo.FileName} did not say which port it listens on within {timeout.TotalSeconds:0} s; see {outputFile}.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Runs a process to its end and returns its standard output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string file, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }

    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])))
            {
                term?.WaitForExit();
            }

            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        finally
        {
            process.Dispose();
        }
    }
}
