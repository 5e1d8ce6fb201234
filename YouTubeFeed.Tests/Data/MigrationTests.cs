using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Data;

[Collection(BackendCollection.Name)]
public sealed class MigrationTests(BackendFixture backend)
{
    [Fact]
    public async Task Two_services_starting_together_on_an_empty_database_create_the_schema_once()
    {
        var store = await IsolatedStore.CreateAsync(backend);
        var unused = new Uri("http://127.0.0.1:9/");

        var starts = await Task.WhenAll(
            WorkerHarness.StartAsync(store, unused),
            WorkerHarness.StartAsync(store, unused),
            WorkerHarness.StartAsync(store, unused));
        try
        {
            var applied = await store.ColumnAsync("SELECT MigrationId FROM __EFMigrationsHistory");
            Assert.NotEmpty(applied);
            Assert.Equal(applied.Count, applied.Distinct().Count());
            Assert.Equal(3, await store.ScalarAsync<long>(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN ('videos', 'video_terms', 'ingestion_state')"));
        }
        finally
        {
            foreach (var harness in starts)
            {
                await harness.DisposeAsync();
            }
        }
    }
}
