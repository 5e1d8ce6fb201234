using System.Text;

namespace YouTubeFeed.Tests.Infrastructure;

/// <summary>Looks for server processes in /proc by a directory on their command line.</summary>
/// <remarks>DCP detaches the servers from the test process, so they are not our children.</remarks>
public static class LocalProcesses
{
    public static IReadOnlyList<int> FindUsingDirectory(string directory)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var pid) && pid != Environment.ProcessId && Mentions(pid, directory))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    public static string CommandLine(int pid)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Polls until none of <paramref name="pids"/> runs with the directory on its command line; returns those left.</summary>
    public static async Task<IReadOnlyList<int>> WaitForExitAsync(IEnumerable<int> pids, string directory, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = pids.Where(pid => Mentions(pid, directory)).ToList();
            if (left.Count == 0 || DateTime.UtcNow >= deadline)
            {
                return left;
            }

            await Task.Delay(200);
        }
    }

    // "--datadir=/tmp/x", "--socket=/tmp/x/mariadbd.sock" or "/tmp/x/redis.conf", but not "/tmp/x2".
    // A zombie has an empty cmdline and so does not count: it no longer runs.
    private static bool Mentions(int pid, string directory) =>
        CommandLine(pid).Split(' ').Any(arg =>
            arg == directory || arg.EndsWith("=" + directory, StringComparison.Ordinal) || arg.Contains(directory + "/", StringComparison.Ordinal));
}
