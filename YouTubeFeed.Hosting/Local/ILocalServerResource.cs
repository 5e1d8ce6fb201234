namespace YouTubeFeed.Hosting.Local;

/// <summary>A server process with a private per-run directory (socket, pid file, temp files, secrets).</summary>
/// <remarks>
/// The directory is on the process's command line, which is how <see cref="LocalServerCleanupService"/> finds
/// a server that outlived the app; it is deleted when the app stops (with the data, unless that is persistent).
/// </remarks>
internal interface ILocalServerResource
{
    string RuntimeDirectory { get; }
}
