using MySqlConnector;
using StackExchange.Redis;

namespace YouTubeFeed.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database on the shared test MariaDB and a Redis database number of its own, so that test
/// classes sharing one <see cref="BackendFixture"/> never see each other's videos, keys or leases.
/// </summary>
public sealed class IsolatedStore
{
    private static int next;

    private IsolatedStore(BackendFixture backend, string databaseName, int redisDatabase)
    {
        Backend = backend;
        DatabaseName = databaseName;
        MySqlConnectionString = new MySqlConnectionStringBuilder(backend.MySqlServerConnectionString) { Database = databaseName }.ConnectionString;
        RedisConnectionString = $"{backend.RedisConnectionString},defaultDatabase={redisDatabase}";
        RedisDatabase = redisDatabase;
    }

    public BackendFixture Backend { get; }

    public string DatabaseName { get; }

    public string MySqlConnectionString { get; }

    public string RedisConnectionString { get; }

    public int RedisDatabase { get; }

    public static Task<IsolatedStore> CreateAsync(BackendFixture backend) => CreateAsync(backend, createDatabase: true);

    /// <summary>A store whose database does not exist yet: the server is empty as far as the services can tell.</summary>
    public static Task<IsolatedStore> WithoutDatabaseAsync(BackendFixture backend) => CreateAsync(backend, createDatabase: false);

    private static async Task<IsolatedStore> CreateAsync(BackendFixture backend, bool createDatabase)
    {
        var n = Interlocked.Increment(ref next);
        var store = new IsolatedStore(backend, $"ytf_test_{Environment.ProcessId}_{n}", 1 + (n % 15));
        await using (var connection = new MySqlConnection(backend.MySqlServerConnectionString))
        {
            await connection.OpenAsync();
            var create = createDatabase ? $"; CREATE DATABASE `{store.DatabaseName}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" : "";
            await using var command = new MySqlCommand($"DROP DATABASE IF EXISTS `{store.DatabaseName}`{create}", connection);
            await command.ExecuteNonQueryAsync();
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(store.RedisConnectionString + ",allowAdmin=true");
        await redis.GetDatabase(store.RedisDatabase).ExecuteAsync("FLUSHDB");
        return store;
    }

    /// <summary>Runs SQL against this store's database (for checks the services do not offer).</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new MySqlConnection(MySqlConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<string>> ColumnAsync(string sql)
    {
        await using var connection = new MySqlConnection(MySqlConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetValue(0).ToString()!);
        }

        return values;
    }

    /// <summary>The rows of EXPLAIN for a query, column name → value.</summary>
    public async Task<List<Dictionary<string, string?>>> ExplainAsync(string sql)
    {
        await using var connection = new MySqlConnection(MySqlConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("EXPLAIN " + sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, string?>>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i).ToString()));
        }

        return rows;
    }

    public Dictionary<string, string?> Settings() => new()
    {
        ["ConnectionStrings:youtubedb"] = MySqlConnectionString,
        ["ConnectionStrings:cache"] = RedisConnectionString,
    };
}
