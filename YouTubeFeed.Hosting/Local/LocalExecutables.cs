using Aspire.Hosting;

namespace YouTubeFeed.Hosting.Local;

/// <summary>Finds the server binaries that run instead of containers.</summary>
internal static class LocalExecutables
{
    internal const string MariaDbHint = "install MariaDB with `sudo apt-get install -y mariadb-server` (or run .ci/run, which does)";
    internal const string RedisHint = "install Redis with `sudo apt-get install -y redis-server` (or run .ci/run, which does)";

    // Debian puts mariadbd in /usr/sbin, which is not on a normal user's PATH.
    private static readonly string[] s_extraDirectories = ["/usr/sbin", "/usr/local/sbin", "/usr/local/bin"];

    /// <summary>mariadbd refuses to run as root unless told to.</summary>
    internal static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>The full path of <paramref name="fileName"/>, or a one-line exception that says how to install it.</summary>
    internal static string Resolve(string fileName, string installHint, string? searchPath = null) =>
        Find(fileName, searchPath) ?? throw new DistributedApplicationException($"{fileName} was not found: {installHint}");

    internal static string? Find(string fileName, string? searchPath = null)
    {
        var path = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        var directories = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        if (searchPath is null)
        {
            directories = [.. directories, .. s_extraDirectories];
        }

        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
