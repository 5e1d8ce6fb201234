namespace YouTubeFeed.Tests.EndToEnd;

/// <summary>
/// Tests that start the whole AppHost. They run alone (no other collection in parallel), so that every
/// process that appears while they run is theirs, and a 2-core machine is not shared with other suites.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "Whole AppHost";
}
