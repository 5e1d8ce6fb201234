using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MySqlConnector;
using YouTubeFeed.Hosting;
using YouTubeFeed.Hosting.Local;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Hosting;

/// <summary>Starting and ending apps of their own: what is left behind, and what a persistent directory keeps.</summary>
public sealed class HostingLifecycleTests
{
    // As long as the end-to-end fixture allows: on a busy 2-core machine an Aspire start has taken more than 2 minutes.
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Disposing_the_app_ends_its_servers_and_deletes_their_temporary_directories()
    {
        var builder = TestAppHost.CreateBuilder();
        var mysql = builder.AddLocalMariaDb("mysql", builder.AddTestPassword("mysql-password"));
        mysql.AddDatabase("youtubedb");
        var redis = builder.AddLocalRedis("cache", password: builder.AddTestPassword("cache-password"));
        // Each server's per-run directory (socket, pid, config; here the data too) is on its command line.
        string[] directories = [mysql.Resource.RuntimeDirectory, redis.Resource.RuntimeDirectory];
        Assert.StartsWith(mysql.Resource.RuntimeDirectory, mysql.Resource.DataDirectory, StringComparison.Ordinal);

        var app = await builder.BuildAsync(Token);
        List<int> pids;
        try
        {
            await StartAndWaitAsync(app, "youtubedb", "cache");
            pids = [.. directories.SelectMany(LocalProcesses.FindUsingDirectory)];
            Assert.Contains(pids, pid => LocalProcesses.CommandLine(pid).Contains("mariadbd", StringComparison.Ordinal));
            Assert.Contains(pids, pid => LocalProcesses.CommandLine(pid).Contains("redis-server", StringComparison.Ordinal));
        }
        finally
        {
            // Dispose without StopAsync, as `await using var app` does: the harder case for cleanup.
            await app.DisposeAsync();
        }

        foreach (var directory in directories)
        {
            var left = await LocalProcesses.WaitForExitAsync(pids, directory, s_exitTimeout);
            Assert.True(left.Count == 0, $"Still running: {string.Join("; ", left.Select(LocalProcesses.CommandLine))}");
            Assert.False(Directory.Exists(directory), $"{directory} was not deleted");
        }
    }

    [Fact]
    public async Task A_persistent_data_directory_is_initialised_once_and_takes_a_new_password()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"youtubefeed-test-{Guid.NewGuid():N}");
        try
        {
            var firstPassword = TestAppHost.NewPassword();
            await using (var first = await StartPersistentMySqlAsync(directory, firstPassword, expectInit: true))
            {
                await using var connection = new MySqlConnection(await first.GetConnectionStringAsync("youtubedb", Token));
                await connection.OpenAsync(Token);
                await using var create = new MySqlCommand("CREATE TABLE kept (id INT PRIMARY KEY); INSERT INTO kept VALUES (7);", connection);
                await create.ExecuteNonQueryAsync(Token);
                await first.StopAsync(Token);
            }

            Assert.True(Directory.Exists(Path.Combine(directory, "mysql")));
            Assert.False(File.Exists(Path.Combine(directory, "init.sql")), "the password file belongs in the runtime directory");
            Assert.Empty(await LocalProcesses.WaitForExitAsync(LocalProcesses.FindUsingDirectory(directory), directory, s_exitTimeout));

            var secondPassword = TestAppHost.NewPassword();
            await using var second = await StartPersistentMySqlAsync(directory, secondPassword, expectInit: false);
            var connectionString = await second.GetConnectionStringAsync("youtubedb", Token) ?? throw new InvalidOperationException("no connection string");
            Assert.Contains(secondPassword, connectionString, StringComparison.Ordinal);

            await using (var again = new MySqlConnection(connectionString))
            {
                await again.OpenAsync(Token);
                await using var select = new MySqlCommand("SELECT id FROM kept", again);
                Assert.Equal(7, Convert.ToInt32(await select.ExecuteScalarAsync(Token), System.Globalization.CultureInfo.InvariantCulture));
            }

            var oldPassword = new MySqlConnectionStringBuilder(connectionString) { Password = firstPassword, Pooling = false };
            await using var refused = new MySqlConnection(oldPassword.ConnectionString);
            var error = await Assert.ThrowsAsync<MySqlException>(() => refused.OpenAsync(Token));
            Assert.Equal(MySqlErrorCode.AccessDenied, error.ErrorCode);

            await second.StopAsync(Token);
        }
        finally
        {
            MySqlConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void A_missing_server_binary_is_reported_in_one_line_with_the_fix()
    {
        var error = Assert.Throws<DistributedApplicationException>(
            () => LocalExecutables.Resolve("mariadbd", LocalExecutables.MariaDbHint, searchPath: "/nonexistent"));

        Assert.Equal(
            "mariadbd was not found: install MariaDB with `sudo apt-get install -y mariadb-server` (or run .ci/run, which does)",
            error.Message);
        Assert.NotNull(LocalExecutables.Find("mariadbd"));
        Assert.NotNull(LocalExecutables.Find("redis-server"));
    }

    private static async Task<DistributedApplication> StartPersistentMySqlAsync(string directory, string password, bool expectInit)
    {
        var builder = TestAppHost.CreateBuilder();
        builder.AddLocalMariaDb("mysql", builder.AddTestPassword("mysql-password", password))
            .WithDataDirectory(directory)
            .AddDatabase("youtubedb");
        Assert.Equal(expectInit, builder.Resources.Any(r => r.Name == "mysql-init"));

        var app = await builder.BuildAsync(Token);
        try
        {
            await StartAndWaitAsync(app, "youtubedb");
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static async Task StartAndWaitAsync(DistributedApplication app, params string[] resourceNames)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(s_startTimeout);
        try
        {
            await app.StartAsync(timeout.Token);
            await Task.WhenAll(resourceNames.Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token)));
        }
        catch (Exception ex)
        {
            var details = TestAppHost.DescribeResources(app, ["mysql-init", "mysql", .. resourceNames]);
            throw new InvalidOperationException($"The app did not start: {ex.Message}\n{details}", ex);
        }
    }
}
