namespace YouTubeFeed.Tests.Browser;

/// <summary>Where browser tests leave files for people to look at: <c>TestResults/screenshots/</c> under the repository root.</summary>
public static class Artifacts
{
    private static readonly Lazy<string> s_repositoryRoot = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "YouTubeFeed.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds YouTubeFeed.sln.");
    });

    public static string RepositoryRoot => s_repositoryRoot.Value;

    public static string ScreenshotDirectory => Path.Combine(RepositoryRoot, "TestResults", "screenshots");
}
