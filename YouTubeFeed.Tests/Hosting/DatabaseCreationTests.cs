using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySqlConnector;
using YouTubeFeed.Data.Database;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Hosting;

/// <summary>
/// Against a server without the database (the contract's "empty database server"), outside the AppHost: the Worker and
/// the Api create it and migrate it; with <c>ConnectionStrings:youtubedb-owner</c> the migration runs as that user and
/// the service's own user needs no right on the schema.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class DatabaseCreationTests(BackendFixture backend)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_worker_and_the_api_started_together_create_the_missing_database_once()
    {
        var store = await IsolatedStore.WithoutDatabaseAsync(backend);
        Assert.Equal(0L, await ServerScalarAsync<long>($"SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{store.DatabaseName}'"));

        var worker = WorkerHarness.StartAsync(store, new Uri("http://127.0.0.1:9/"));
        var api = Task.Run(() => new ApiServer(store), Cancel);
        await using var startedWorker = await worker;
        await using var startedApi = await api;

        // Created utf8mb4_unicode_ci; the first migration's ALTER DATABASE CHARACTER SET utf8mb4 (no COLLATE) then
        // resets the database's default collation, while every table keeps its own.
        Assert.Equal("utf8mb4", await ServerScalarAsync<string>(
            $"SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{store.DatabaseName}'"));
        Assert.Equal("utf8mb4_unicode_ci", await ServerScalarAsync<string>(
            $"SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{store.DatabaseName}' AND TABLE_NAME = 'videos'"));
        var applied = await store.ColumnAsync("SELECT MigrationId FROM __EFMigrationsHistory");
        Assert.NotEmpty(applied);
        Assert.Equal(applied.Count, applied.Distinct().Count());
        Assert.Equal(0L, await store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"));
    }

    [Fact]
    public async Task With_an_owner_connection_string_the_migration_runs_as_the_owner_and_the_service_only_reads()
    {
        var store = await IsolatedStore.WithoutDatabaseAsync(backend);
        var reader = await CreateReadOnlyUserAsync(store.DatabaseName);
        try
        {
            var readOnly = new MySqlConnectionStringBuilder(store.MySqlConnectionString) { UserID = reader.User, Password = reader.Password }.ConnectionString;
            using var host = await StartAsync(new()
            {
                ["ConnectionStrings:youtubedb"] = readOnly,
                ["ConnectionStrings:youtubedb-owner"] = store.MySqlConnectionString, // root here; any user with DDL
            });

            await WaitReadyAsync(host);
            Assert.Equal(reader.User, new MySqlConnectionStringBuilder(host.Services.GetRequiredService<MySqlDataSource>().ConnectionString).UserID);
            Assert.NotEmpty(await store.ColumnAsync("SELECT MigrationId FROM __EFMigrationsHistory"));
        }
        finally
        {
            await DropUserAsync(reader.User);
        }
    }

    [Fact]
    public async Task Without_the_right_to_create_the_database_the_service_waits_and_says_why()
    {
        var store = await IsolatedStore.WithoutDatabaseAsync(backend);
        var reader = await CreateReadOnlyUserAsync(store.DatabaseName);
        try
        {
            var readOnly = new MySqlConnectionStringBuilder(store.MySqlConnectionString) { UserID = reader.User, Password = reader.Password }.ConnectionString;
            using var host = await StartAsync(new() { ["ConnectionStrings:youtubedb"] = readOnly });

            var readiness = host.Services.GetRequiredService<SchemaReadiness>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (readiness.LastError is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, Cancel);
            }

            Assert.False(readiness.IsReady);
            Assert.Contains("denied", readiness.LastError, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(0L, await ServerScalarAsync<long>($"SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{store.DatabaseName}'"));
        }
        finally
        {
            await DropUserAsync(reader.User);
        }
    }

    /// <summary>The database part of a service (context, data source, migrator) and nothing else.</summary>
    private static async Task<IHost> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddYouTubeFeedDatabase();
        var host = builder.Build();
        await host.StartAsync(Cancel);
        return host;
    }

    private static async Task WaitReadyAsync(IHost host)
    {
        var readiness = host.Services.GetRequiredService<SchemaReadiness>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await readiness.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!Cancel.IsCancellationRequested)
        {
            Assert.Fail($"The schema was not ready within 60 s: {readiness.LastError}");
        }
    }

    private async Task<(string User, string Password)> CreateReadOnlyUserAsync(string databaseName)
    {
        var user = $"ro_{Guid.NewGuid():N}"[..24];
        var password = TestAppHost.NewPassword();
        await ServerExecuteAsync($"CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'");
        // A grant may name a database that does not exist yet.
        await ServerExecuteAsync($"GRANT SELECT ON `{databaseName}`.* TO '{user}'@'%'");
        return (user, password);
    }

    private Task DropUserAsync(string user) => ServerExecuteAsync($"DROP USER IF EXISTS '{user}'@'%'");

    private async Task ServerExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(backend.MySqlServerConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Cancel);
    }

    private async Task<T> ServerScalarAsync<T>(string sql)
    {
        await using var connection = new MySqlConnection(backend.MySqlServerConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new MySqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(Cancel))!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
