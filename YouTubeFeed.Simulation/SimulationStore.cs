using MySqlConnector;

namespace YouTubeFeed.Simulation;

/// <summary>A database of its own (and a Redis database number) for one policy's run, on the simulation's servers.</summary>
internal sealed class SimulationStore
{
    private SimulationStore(string serverConnectionString, string redis, string databaseName, int redisDatabase)
    {
        DatabaseName = databaseName;
        MySqlConnectionString = new MySqlConnectionStringBuilder(serverConnectionString) { Database = databaseName }.ConnectionString;
        RedisConnectionString = $"{redis},defaultDatabase={redisDatabase}";
    }

    public string DatabaseName { get; }

    public string MySqlConnectionString { get; }

    public string RedisConnectionString { get; }

    public static async Task<SimulationStore> CreateAsync(string serverConnectionString, string redis, string databaseName, int redisDatabase, CancellationToken cancellationToken)
    {
        await using (var connection = new MySqlConnection(serverConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new MySqlCommand(
                $"DROP DATABASE IF EXISTS `{databaseName}`; CREATE DATABASE `{databaseName}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new SimulationStore(serverConnectionString, redis, databaseName, redisDatabase);
    }

    /// <summary>Videos first stored after <paramref name="since"/> (the database's clock), with that instant.</summary>
    public async Task<List<(string VideoId, DateTime FirstSeenAt)>> StoredSinceAsync(DateTime since, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(MySqlConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT video_id, first_seen_at FROM videos WHERE first_seen_at > @since", connection);
        command.Parameters.AddWithValue("@since", since);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string, DateTime)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetDateTime(1)));
        }

        return rows;
    }
}
