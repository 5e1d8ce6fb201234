using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using YouTubeFeed.Hosting;

namespace YouTubeFeed.Tests.Infrastructure;

/// <summary>
/// MySQL (with database <c>youtubedb</c>) and Redis, started through Aspire as local processes with fresh
/// temporary data directories and ports allocated by Aspire, so a developer's own servers are never touched.
/// </summary>
/// <remarks>
/// Use as a class fixture or through <see cref="BackendCollection"/>. Fault tests may stop and start the
/// servers; each Start method returns once the server is healthy again, and the connection strings stay
/// valid (DCP's proxy keeps the port).
/// </remarks>
public sealed class BackendFixture : IAsyncLifetime
{
    public const string MySqlResourceName = "mysql";
    public const string DatabaseResourceName = "youtubedb";
    public const string RedisResourceName = "cache";
    public const string ReaderResourceName = "youtubedb-reader";
    public const string WriterResourceName = "youtubedb-writer";
    public const string OwnerResourceName = "youtubedb-owner";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromMinutes(1);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The backend has not been started.");

    /// <summary><c>Server=localhost;Port=…;User ID=root;Password=…;Database=youtubedb</c></summary>
    public string MySqlConnectionString { get; private set; } = "";

    /// <summary><c>Server=localhost;Port=…;User ID=root;Password=…</c> (no database)</summary>
    public string MySqlServerConnectionString { get; private set; } = "";

    /// <summary><c>localhost:…,password=…</c></summary>
    public string RedisConnectionString { get; private set; } = "";

    /// <summary>User <c>test_reader</c>, <see cref="DatabaseAccess.ReadOnly"/> on <c>youtubedb</c>.</summary>
    public string ReaderConnectionString { get; private set; } = "";

    /// <summary>User <c>test_writer</c>, <see cref="DatabaseAccess.ReadWrite"/> on <c>youtubedb</c>.</summary>
    public string WriterConnectionString { get; private set; } = "";

    /// <summary>User <c>test_owner</c>, <see cref="DatabaseAccess.Owner"/> of <c>youtubedb</c>.</summary>
    public string OwnerConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _app = await TestAppHost.StartAsync(
            BuildAsync,
            async (app, cancellationToken) =>
            {
                await Task.WhenAll(
                    new[] { DatabaseResourceName, RedisResourceName, ReaderResourceName, WriterResourceName, OwnerResourceName }
                        .Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name, cancellationToken)));
                MySqlConnectionString = await GetConnectionStringAsync(app, DatabaseResourceName, cancellationToken);
                MySqlServerConnectionString = await GetConnectionStringAsync(app, MySqlResourceName, cancellationToken);
                RedisConnectionString = await GetConnectionStringAsync(app, RedisResourceName, cancellationToken);
                ReaderConnectionString = await GetConnectionStringAsync(app, ReaderResourceName, cancellationToken);
                WriterConnectionString = await GetConnectionStringAsync(app, WriterResourceName, cancellationToken);
                OwnerConnectionString = await GetConnectionStringAsync(app, OwnerResourceName, cancellationToken);
            },
            [$"{MySqlResourceName}-init", MySqlResourceName, DatabaseResourceName, ReaderResourceName, WriterResourceName, OwnerResourceName, RedisResourceName],
            s_startTimeout);
    }

    private static async Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken)
    {
        // Throws the one-line "mariadbd was not found: …" when a server is not installed.
        var builder = TestAppHost.CreateBuilder();
        var mysql = builder.AddLocalMariaDb(MySqlResourceName, builder.AddTestPassword($"{MySqlResourceName}-password"));
        var database = mysql.AddDatabase(DatabaseResourceName);
        database.AddMySqlUser(ReaderResourceName, "test_reader", DatabaseAccess.ReadOnly, builder.AddTestPassword($"{ReaderResourceName}-password"));
        database.AddMySqlUser(WriterResourceName, "test_writer", DatabaseAccess.ReadWrite, builder.AddTestPassword($"{WriterResourceName}-password"));
        database.AddMySqlUser(OwnerResourceName, "test_owner", DatabaseAccess.Owner, builder.AddTestPassword($"{OwnerResourceName}-password"));
        builder.AddLocalRedis(RedisResourceName, password: builder.AddTestPassword($"{RedisResourceName}-password"));
        return await builder.BuildAsync(cancellationToken);
    }

    public Task StopRedisAsync(CancellationToken cancellationToken = default) => StopResourceAsync(RedisResourceName, cancellationToken);

    public Task StartRedisAsync(CancellationToken cancellationToken = default) => StartResourceAsync(RedisResourceName, cancellationToken);

    public Task StopMySqlAsync(CancellationToken cancellationToken = default) => StopResourceAsync(MySqlResourceName, cancellationToken);

    /// <summary>Starts MySQL again and waits until <c>youtubedb</c> answers; the data survives (same data directory).</summary>
    public async Task StartMySqlAsync(CancellationToken cancellationToken = default)
    {
        await StartResourceAsync(MySqlResourceName, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_startTimeout);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(DatabaseResourceName, timeout.Token);
    }

    /// <summary>Runs Aspire's "stop" command (what the dashboard's Stop button does) and waits until the process has ended.</summary>
    public async Task StopResourceAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_stopTimeout);
        var result = await App.ResourceCommands.ExecuteCommandAsync(resourceName, KnownResourceCommands.StopCommand, timeout.Token);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Stopping '{resourceName}' failed: {result.Message}");
        }

        await App.ResourceNotifications.WaitForResourceAsync(resourceName, KnownResourceStates.TerminalStates, timeout.Token);
    }

    /// <summary>Runs Aspire's "start" command and waits until the resource is healthy.</summary>
    public async Task StartResourceAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_startTimeout);
        var result = await App.ResourceCommands.ExecuteCommandAsync(resourceName, KnownResourceCommands.StartCommand, timeout.Token);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Starting '{resourceName}' failed: {result.Message}");
        }

        await App.ResourceNotifications.WaitForResourceHealthyAsync(resourceName, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not { } app)
        {
            return;
        }

        _app = null;
        try
        {
            // Stop first: stopping waits for DCP to end the processes; disposing alone does not stop the host.
            using var timeout = new CancellationTokenSource(s_stopTimeout);
            await app.StopAsync(timeout.Token);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<string> GetConnectionStringAsync(DistributedApplication app, string resourceName, CancellationToken cancellationToken) =>
        await app.GetConnectionStringAsync(resourceName, cancellationToken)
            ?? throw new InvalidOperationException($"'{resourceName}' has no connection string.");
}
