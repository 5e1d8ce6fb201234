using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Browser;

/// <summary>Where browser tests leave files for people to look at: <c>TestResults/screenshots/</c> under the repository root.</summary>
public static class Artifacts
{
    public static string ScreenshotDirectory => RepositoryRoot.Combine("TestResults", "screenshots");
}
