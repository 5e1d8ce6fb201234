using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using YouTubeFeed.Data;
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

    [Fact]
    public async Task RemoveUnindexedTerms_deletes_the_rows_of_the_words_the_index_leaves_out_and_no_others()
    {
        var store = await IsolatedStore.CreateAsync(backend);
        var options = new DbContextOptionsBuilder<YouTubeFeedDbContext>()
            .UseMySql(store.MySqlConnectionString, ServerVersion.AutoDetect(store.MySqlConnectionString)).Options;
        await using var context = new YouTubeFeedDbContext(options);
        var migrator = context.GetService<IMigrator>();

        // A database indexed before the stop words were left out: their rows beside the others.
        await migrator.MigrateAsync("20261203194510_CompactThumbnails", TestContext.Current.CancellationToken);
        await store.ScalarAsync<long>(
            "INSERT INTO video_terms (term, published_at, video_id) VALUES " +
            "('the', '2026-12-01', 'old0000001'), ('walrus', '2026-12-01', 'old0000001'), ('and', '2026-12-02', 'old0000002'), " +
            "('theatre', '2026-12-02', 'old0000002'), ('with', '2026-12-03', 'old0000003'); SELECT 0");

        await migrator.MigrateAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["theatre", "walrus"], (await store.ColumnAsync("SELECT term FROM video_terms")).Order(StringComparer.Ordinal));
    }
}
