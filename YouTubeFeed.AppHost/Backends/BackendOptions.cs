namespace YouTubeFeed.AppHost.Backends;

/// <summary>Where MySQL and Redis come from, read from the AppHost's <c>Backends</c> configuration section.</summary>
internal sealed class BackendOptions
{
    public const string Section = "Backends";

    /// <summary><c>auto</c> (containers when Docker or Podman answers, else local processes), <c>local</c> or <c>container</c>.</summary>
    public string Mode { get; set; } = "auto";

    /// <summary>Keep no data between runs (tests): temporary data directories, deleted at stop.</summary>
    public bool Ephemeral { get; set; }

    /// <summary>Where local servers keep their data; default <c>$XDG_DATA_HOME/youtubefeed</c> or <c>~/.local/share/youtubefeed</c>.</summary>
    public string? DataDirectory { get; set; }

    public string ResolveDataDirectory()
    {
        if (!string.IsNullOrWhiteSpace(DataDirectory))
        {
            return Path.GetFullPath(DataDirectory);
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "youtubefeed");
    }
}
