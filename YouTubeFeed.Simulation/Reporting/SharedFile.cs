using System.Security.Cryptography;
using System.Text;

namespace YouTubeFeed.Simulation.Reporting;

/// <summary>
/// Read-modify-write of a file that several simulations may update at once (docs/quota.md and quota-results.json hold
/// every scenario's part): each update holds a lock file for the whole read, change and write, and the new content
/// replaces the old in one rename, so that a reader never sees half a file and no update is lost.
/// </summary>
internal static class SharedFile
{
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(2);

    /// <param name="change">From the current content (null when the file does not exist) to the new one.</param>
    public static async Task UpdateAsync(string path, Func<string?, string> change)
    {
        await using var held = await LockAsync(LockPathFor(path));
        var current = File.Exists(path) ? await File.ReadAllTextAsync(path) : null;
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temporary, change(current));
        File.Move(temporary, path, overwrite: true);
    }

    // In the temporary directory, not beside the file (the repository's docs/), and never deleted: a lock file deleted
    // on close could be opened by one waiter just before and created anew by another just after, and both would hold it.
    internal static string LockPathFor(string path)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(path))))[..16];
        return Path.Combine(Path.GetTempPath(), $"youtubefeed-simulation-{hash}.lock");
    }

    private static async Task<FileStream> LockAsync(string lockPath)
    {
        var deadline = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another simulation is writing: its update takes milliseconds.
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }
    }
}
