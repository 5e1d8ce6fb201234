namespace YouTubeFeed.Tests.EndToEnd;

/// <summary>
/// Tests that start an AppHost of their own and time it: they run alone, without the shared AppHost of
/// <see cref="AppHostCollection"/> fetching and serving beside them, so that what they time is one system's, not two
/// systems' on a 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppHostAloneCollection
{
    public const string Name = "One AppHost alone";
}
