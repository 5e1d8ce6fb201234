using MySqlConnector;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Hosting;

/// <summary>
/// The users of <c>AddMySqlUser</c> (as the AppHost gives them to the Api, the Worker and the migration step) may do
/// what their <see cref="YouTubeFeed.Hosting.DatabaseAccess"/> says, in their database only.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class DatabaseUserTests(BackendFixture backend)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_read_only_user_reads_and_changes_nothing()
    {
        var table = await CreateTableAsync();
        await using var reader = await OpenAsync(backend.ReaderConnectionString);

        Assert.Equal(1L, await ScalarAsync(reader, $"SELECT COUNT(*) FROM `{table}`"));
        await AssertDeniedAsync(reader, $"INSERT INTO `{table}` VALUES (2, 'b')");
        await AssertDeniedAsync(reader, $"UPDATE `{table}` SET title = 'x'");
        await AssertDeniedAsync(reader, $"DELETE FROM `{table}`");
        await AssertDeniedAsync(reader, $"CREATE TABLE `{table}_2` (id INT PRIMARY KEY)");
        await AssertDeniedAsync(reader, $"DROP TABLE `{table}`");
    }

    [Fact]
    public async Task The_read_write_user_changes_rows_but_never_the_schema()
    {
        var table = await CreateTableAsync();
        await using var writer = await OpenAsync(backend.WriterConnectionString);

        await ExecuteAsync(writer, $"INSERT INTO `{table}` VALUES (2, 'b') ON DUPLICATE KEY UPDATE title = VALUES(title)");
        await ExecuteAsync(writer, $"UPDATE `{table}` SET title = 'c' WHERE id = 2");
        await using (var transaction = await writer.BeginTransactionAsync(Cancel))
        {
            await using var locking = new MySqlCommand($"SELECT id FROM `{table}` WHERE id = 2 FOR UPDATE", writer, transaction);
            Assert.Equal(2, Convert.ToInt32(await locking.ExecuteScalarAsync(Cancel), System.Globalization.CultureInfo.InvariantCulture));
            await transaction.CommitAsync(Cancel);
        }

        await ExecuteAsync(writer, $"DELETE FROM `{table}` WHERE id = 2");
        await AssertDeniedAsync(writer, $"CREATE TABLE `{table}_2` (id INT PRIMARY KEY)");
        await AssertDeniedAsync(writer, $"ALTER TABLE `{table}` ADD COLUMN extra INT");
        await AssertDeniedAsync(writer, $"CREATE INDEX ix_title ON `{table}` (title)");
        await AssertDeniedAsync(writer, $"DROP TABLE `{table}`");
        await AssertDeniedAsync(writer, $"TRUNCATE TABLE `{table}`");
    }

    [Fact]
    public async Task The_owner_changes_the_schema_of_its_database_and_nothing_else()
    {
        var table = $"owned_{Guid.NewGuid():N}";
        await using var owner = await OpenAsync(backend.OwnerConnectionString);

        await ExecuteAsync(owner, $"CREATE TABLE `{table}` (id INT PRIMARY KEY)");
        await ExecuteAsync(owner, $"ALTER TABLE `{table}` ADD COLUMN title VARCHAR(20)");
        await ExecuteAsync(owner, $"DROP TABLE `{table}`");
        await AssertDeniedAsync(owner, $"CREATE DATABASE `other_{Guid.NewGuid():N}`");
        await AssertDeniedAsync(owner, "SELECT COUNT(*) FROM mysql.user");
        await AssertDeniedAsync(owner, $"CREATE USER 'intruder_{Guid.NewGuid():N}'@'%'");
    }

    [Fact]
    public async Task No_user_sees_another_database()
    {
        var store = await IsolatedStore.CreateAsync(backend);
        foreach (var connectionString in new[] { backend.ReaderConnectionString, backend.WriterConnectionString, backend.OwnerConnectionString })
        {
            await using var connection = await OpenAsync(connectionString);
            Assert.Equal(0L, await ScalarAsync(connection, $"SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{store.DatabaseName}'"));
            await AssertDeniedAsync(connection, $"SELECT 1 FROM `{store.DatabaseName}`.`__EFMigrationsHistory`");
        }
    }

    [Fact]
    public async Task The_local_server_has_no_anonymous_user_and_root_only_on_the_loopback()
    {
        await using var root = await OpenAsync(backend.MySqlServerConnectionString);
        await using var command = new MySqlCommand("SELECT CONCAT(User, '@', Host) FROM mysql.user WHERE User = '' OR User = 'root' ORDER BY 1", root);
        var accounts = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
            {
                accounts.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["root@127.0.0.1", "root@::1", "root@localhost"], accounts);
    }

    /// <summary>
    /// Users are provisioned again at every start of the server, a restart too, while the services log in as them
    /// (a CI run once saw <c>test_reader</c> denied <c>youtubedb</c> just after a restart). Grants that are already right
    /// are left alone; only wrong ones are replaced, extra ones included.
    /// </summary>
    [Fact]
    public async Task Provisioning_a_user_again_leaves_right_grants_alone_and_takes_extra_ones_away()
    {
        var user = $"grants_{Guid.NewGuid():N}"[..24];
        await using var root = await OpenAsync(backend.MySqlServerConnectionString);
        try
        {
            Task<bool> ApplyAsync() => YouTubeFeed.Hosting.MySqlUserGrants.ApplyAsync(root, user, "youtubedb", "SELECT, INSERT, UPDATE, DELETE", "pw1x", Cancel);
            var expected = YouTubeFeed.Hosting.MySqlUserGrants.Expected(user, "`youtubedb`", "SELECT, INSERT, UPDATE, DELETE");

            Assert.True(await ApplyAsync(), "a new user was not granted");
            Assert.Equal(expected, await GrantsAsync(root, user));
            Assert.False(await ApplyAsync(), "grants that were right were replaced");

            await ExecuteAsync(root, $"GRANT CREATE ON `youtubedb`.* TO '{user}'@'%'");
            await ExecuteAsync(root, $"GRANT SELECT ON `mysql`.* TO '{user}'@'%'");
            Assert.True(await ApplyAsync(), "extra grants were kept");
            Assert.Equal(expected, await GrantsAsync(root, user));
        }
        finally
        {
            await ExecuteAsync(root, $"DROP USER IF EXISTS '{user}'@'%'");
        }
    }

    private static async Task<HashSet<string>> GrantsAsync(MySqlConnection root, string user) =>
        YouTubeFeed.Hosting.MySqlUserGrants.Normalize(await YouTubeFeed.Hosting.MySqlUserGrants.ShowGrantsAsync(root, $"'{user}'@'%'", Cancel));

    private async Task<string> CreateTableAsync()
    {
        var table = $"users_{Guid.NewGuid():N}";
        await using var root = await OpenAsync(backend.MySqlConnectionString);
        await ExecuteAsync(root, $"CREATE TABLE `{table}` (id INT PRIMARY KEY, title VARCHAR(20) NOT NULL); INSERT INTO `{table}` VALUES (1, 'a')");
        return table;
    }

    private static async Task<MySqlConnection> OpenAsync(string connectionString)
    {
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(Cancel);
        return connection;
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Cancel);
    }

    private static async Task<long> ScalarAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Cancel), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task AssertDeniedAsync(MySqlConnection connection, string sql)
    {
        var error = await Assert.ThrowsAsync<MySqlException>(() => ExecuteAsync(connection, sql));
        Assert.True(
            error.ErrorCode is MySqlErrorCode.TableAccessDenied or MySqlErrorCode.DatabaseAccessDenied or MySqlErrorCode.AccessDenied
                or MySqlErrorCode.SpecifiedAccessDeniedError or MySqlErrorCode.ColumnAccessDenied,
            $"{sql}: {error.ErrorCode} {error.Message}");
    }
}
