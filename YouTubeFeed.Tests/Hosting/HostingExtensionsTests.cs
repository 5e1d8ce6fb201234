using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using StackExchange.Redis;
using YouTubeFeed.Hosting;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Hosting;

/// <summary>The local MySQL and Redis of YouTubeFeed.Hosting, through the shared <see cref="BackendFixture"/>.</summary>
[Collection(BackendCollection.Name)]
public sealed partial class HostingExtensionsTests(BackendFixture backend)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MySql_answers_over_tcp()
    {
        await using var connection = new MySqlConnection(backend.MySqlConnectionString);
        await connection.OpenAsync(Token);
        var table = $"hosting_{Guid.NewGuid():N}";
        await ExecuteAsync(connection, $"CREATE TABLE `{table}` (id INT PRIMARY KEY, title VARCHAR(100) NOT NULL)");
        await ExecuteAsync(connection, $"INSERT INTO `{table}` VALUES (1, 'Football ⚽ highlights')");

        await using var select = new MySqlCommand($"SELECT title FROM `{table}` WHERE id = 1", connection);
        Assert.Equal("Football ⚽ highlights", await select.ExecuteScalarAsync(Token));

        await using var charset = new MySqlCommand("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'youtubedb'", connection);
        await using var reader = await charset.ExecuteReaderAsync(Token);
        Assert.True(await reader.ReadAsync(Token));
        Assert.Equal("utf8mb4", reader.GetString(0));
        Assert.Equal("utf8mb4_unicode_ci", reader.GetString(1));
    }

    [Fact]
    public async Task Redis_answers()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(backend.RedisConnectionString);
        var db = redis.GetDatabase();
        var key = $"hosting:{Guid.NewGuid():N}";
        Assert.True(await db.StringSetAsync(key, "value", TimeSpan.FromMinutes(1)));
        Assert.Equal("value", (string?)await db.StringGetAsync(key));
    }

    [Fact]
    public async Task Redis_refuses_a_client_without_the_password()
    {
        var endpoint = RedisShape().Match(backend.RedisConnectionString);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint.Groups["host"].Value, int.Parse(endpoint.Groups["port"].Value, CultureInfo.InvariantCulture), Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), Token);
        var reply = new byte[256];
        var length = await stream.ReadAsync(reply, Token);
        Assert.StartsWith("-NOAUTH", Encoding.ASCII.GetString(reply, 0, length), StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_strings_have_the_documented_shapes()
    {
        var mysql = MySqlShape().Match(backend.MySqlConnectionString);
        Assert.True(mysql.Success, "MySQL: Server={host};Port={port};User ID=root;Password={password};Database=youtubedb");
        Assert.Equal(backend.MySqlServerConnectionString + ";Database=youtubedb", backend.MySqlConnectionString);

        var redis = RedisShape().Match(backend.RedisConnectionString);
        Assert.True(redis.Success, "Redis: {host}:{port},password={password}");

        Assert.NotEqual(mysql.Groups["port"].Value, redis.Groups["port"].Value);
    }

    [Fact]
    public async Task Passwords_are_neither_on_command_lines_nor_in_visible_dashboard_properties()
    {
        var model = backend.App.Services.GetRequiredService<DistributedApplicationModel>();
        var secrets = new[]
        {
            new MySqlConnectionStringBuilder(backend.MySqlConnectionString).Password,
            ConfigurationOptions.Parse(backend.RedisConnectionString).Password!,
        };

        // What the dashboard shows unmasked, arguments included.
        foreach (var (name, visibleArgument) in new[] { (BackendFixture.MySqlResourceName, "--bind-address=127.0.0.1"), (BackendFixture.RedisResourceName, "--bind") })
        {
            Assert.True(backend.App.ResourceNotifications.TryGetCurrentState(name, out var state));
            var visible = state.Snapshot.Properties.Where(p => !p.IsSensitive)
                .Select(p => p.Value is IEnumerable<object> values ? string.Join(' ', values) : p.Value?.ToString() ?? "")
                .ToList();
            Assert.Contains(visible, text => text.Contains(visibleArgument, StringComparison.Ordinal));
            Assert.DoesNotContain(visible, text => secrets.Any(secret => text.Contains(secret, StringComparison.Ordinal)));
        }

        foreach (var directory in model.Resources.OfType<LocalMariaDbServerResource>().Select(r => r.RuntimeDirectory)
                     .Concat(model.Resources.OfType<LocalRedisServerResource>().Select(r => r.RuntimeDirectory)))
        {
            var pids = LocalProcesses.FindUsingDirectory(directory);
            Assert.NotEmpty(pids);
            foreach (var pid in pids)
            {
                var commandLine = LocalProcesses.CommandLine(pid);
                Assert.DoesNotContain(secrets, s => commandLine.Contains(s, StringComparison.Ordinal));
            }

            // The files that carry the password are deleted once the server has read them (on its ready event,
            // which after a restart may still be running).
            await WaitUntilAsync(() => !File.Exists(Path.Combine(directory, "init.sql")) && !File.Exists(Path.Combine(directory, "redis.conf")));
        }
    }

    [Fact]
    public async Task Redis_can_be_stopped_and_started_again()
    {
        await backend.StopRedisAsync(Token);
        try
        {
            var options = ConfigurationOptions.Parse(backend.RedisConnectionString);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 2000;
            await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync(options));
        }
        finally
        {
            await backend.StartRedisAsync(Token);
        }

        // Same connection string after the restart: DCP's proxy keeps the port.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(backend.RedisConnectionString);
        await redis.GetDatabase().PingAsync();
    }

    [Fact]
    public async Task MySql_can_be_stopped_and_started_again_and_keeps_its_data()
    {
        var table = $"hosting_{Guid.NewGuid():N}";
        await using (var connection = new MySqlConnection(backend.MySqlConnectionString))
        {
            await connection.OpenAsync(Token);
            await ExecuteAsync(connection, $"CREATE TABLE `{table}` (id INT PRIMARY KEY)");
            await ExecuteAsync(connection, $"INSERT INTO `{table}` VALUES (42)");
        }

        await backend.StopMySqlAsync(Token);
        try
        {
            var noPool = new MySqlConnectionStringBuilder(backend.MySqlConnectionString) { Pooling = false, ConnectionTimeout = 3 };
            await using var down = new MySqlConnection(noPool.ConnectionString);
            await Assert.ThrowsAnyAsync<MySqlException>(() => down.OpenAsync(Token));
        }
        finally
        {
            await backend.StartMySqlAsync(Token);
        }

        MySqlConnection.ClearAllPools();
        await using var again = new MySqlConnection(backend.MySqlConnectionString);
        await again.OpenAsync(Token);
        await using var select = new MySqlCommand($"SELECT id FROM `{table}`", again);
        Assert.Equal(42, Convert.ToInt32(await select.ExecuteScalarAsync(Token), CultureInfo.InvariantCulture));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true within 10 s.");
            await Task.Delay(100, Token);
        }
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }

    [GeneratedRegex(@"^Server=(?<host>localhost|127\.0\.0\.1);Port=(?<port>\d+);User ID=root;Password=(?<password>[^;]+);Database=youtubedb$")]
    private static partial Regex MySqlShape();

    [GeneratedRegex(@"^(?<host>localhost|127\.0\.0\.1):(?<port>\d+),password=(?<password>[^,]+)$")]
    private static partial Regex RedisShape();
}
