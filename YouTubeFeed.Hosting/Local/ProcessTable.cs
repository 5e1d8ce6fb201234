using System.Runtime.InteropServices;
using System.Text;

namespace YouTubeFeed.Hosting.Local;

/// <summary>Finds and signals our server processes through /proc (Linux).</summary>
/// <remarks>
/// DCP runs the processes detached from the AppHost, so they are found by a directory on their command line
/// (mariadbd: <c>--socket=…</c>, <c>--datadir=…</c>; redis-server: its config file, in its process title).
/// </remarks>
internal static partial class ProcessTable
{
    internal const int SigTerm = 15;
    internal const int SigKill = 9;

    internal static IReadOnlyList<int> FindUsingDirectory(string directory)
    {
        var found = new List<int>();
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc"))
        {
            return found;
        }

        var self = Environment.ProcessId;
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == self)
            {
                continue;
            }

            if (ReadCommandLine(pid) is { } args && args.Any(arg => Mentions(arg, directory)))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    internal static bool IsRunning(int pid, string directory) =>
        ReadCommandLine(pid) is { } args && args.Any(arg => Mentions(arg, directory));

    internal static void Signal(int pid, int signal)
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Kill(pid, signal);
        }
    }

    /// <summary>The arguments of a process, or null when it is gone (or a zombie, whose cmdline is empty).</summary>
    internal static string[]? ReadCommandLine(int pid)
    {
        try
        {
            var bytes = File.ReadAllBytes($"/proc/{pid}/cmdline");
            return bytes.Length == 0 ? null : Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    // "--datadir=/tmp/x" or "/tmp/x/redis.conf", but not "/tmp/x2".
    private static bool Mentions(string arg, string directory) =>
        arg.EndsWith("=" + directory, StringComparison.Ordinal)
        || arg.Equals(directory, StringComparison.Ordinal)
        || arg.Contains(directory + "/", StringComparison.Ordinal);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
