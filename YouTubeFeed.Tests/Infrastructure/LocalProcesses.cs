using System.Globalization;
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

    /// <summary>A process as seen in /proc: its id and its start time, so that a reused id is not taken for it.</summary>
    public readonly record struct Identity(int Pid, long StartTime);

    /// <summary>The processes that run now, with their parents.</summary>
    public static IReadOnlyDictionary<int, int> Parents()
    {
        var parents = new Dictionary<int, int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var pid) && Stat(pid) is { } stat)
            {
                parents[pid] = stat.Parent;
            }
        }

        return parents;
    }

    /// <summary><paramref name="roots"/> and every process below them.</summary>
    public static HashSet<int> WithDescendants(IEnumerable<int> roots)
    {
        var parents = Parents();
        var found = roots.ToHashSet();
        bool added;
        do
        {
            added = false;
            foreach (var (pid, parent) in parents)
            {
                if (found.Contains(parent))
                {
                    added |= found.Add(pid);
                }
            }
        }
        while (added);

        return found;
    }

    public static Identity? IdentityOf(int pid) => Stat(pid) is { } stat ? new Identity(pid, stat.StartTime) : null;

    /// <summary>Whether the process still runs: present, not a zombie (exited, not yet reaped), and not a reused id.</summary>
    public static bool IsRunning(Identity process) =>
        Stat(process.Pid) is { } stat && stat.State != 'Z' && stat.StartTime == process.StartTime;

    public static bool IsRunning(int pid) => Stat(pid) is { State: not 'Z' };

    private static (char State, int Parent, long StartTime)? Stat(int pid)
    {
        try
        {
            // The name in parentheses may hold spaces; the fields after it do not.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
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
