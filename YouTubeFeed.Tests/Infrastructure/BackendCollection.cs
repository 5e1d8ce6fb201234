namespace YouTubeFeed.Tests.Infrastructure;

/// <summary>Test classes marked <c>[Collection(BackendCollection.Name)]</c> share one <see cref="BackendFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class BackendCollection : ICollectionFixture<BackendFixture>
{
    public const string Name = "Backend (MySQL + Redis)";
}
