using System.Security.Cryptography;
using System.Text;

namespace YouTubeFeed.Hosting.Local;

internal static class LocalPaths
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>A new, unique path under the temp directory (short enough for a Unix socket in it); created when the resource starts.</summary>
    internal static string NewTemporaryDirectory(string resourceName) =>
        Path.Combine(Path.GetTempPath(), $"youtubefeed-{resourceName}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");

    internal static void EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        }
    }

    /// <summary>Writes a file that only the owner can read: it holds a password.</summary>
    internal static async Task WriteSecretFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        // Created 0600 from the first byte; an existing file would keep its old mode, so it goes first.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        await using var stream = new FileStream(path, options);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken).ConfigureAwait(false);
    }

    internal static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
