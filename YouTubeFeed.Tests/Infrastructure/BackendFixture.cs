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
    private const int StartAttempts = 2;

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
        // One failed start must not fail the ~240 tests of the collection: the cause is reported, and a second start
        // gets new ports and data directories. A fault that repeats still fails, with both reports.
        string? firstFailure = null;
        for (var attempt = 1; ; attempt++)
        {
            var failure = await TryStartAsync();
            if (failure is null)
            {
                return;
            }

            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException(firstFailure is null ? failure : $"{failure}\n--- the first start, also failed:\n{firstFailure}");
            }

            firstFailure = failure;
            TestContext.Current.SendDiagnosticMessage($"BackendFixture: start {attempt} of {StartAttempts} failed; starting again.\n{failure}");
        }
    }

    /// <summary>Starts the servers; null once all are healthy, else what went wrong (the app is then disposed).</summary>
    private async Task<string?> TryStartAsync()
    {
        // Throws the one-line "mariadbd was not found: …" when a server is not installed.
        var builder = TestAppHost.CreateBuilder();
        var mysql = builder.AddLocalMariaDb(MySqlResourceName, builder.AddTestPassword($"{MySqlResourceName}-password"));
        var database = mysql.AddDatabase(DatabaseResourceName);
        database.AddMySqlUser(ReaderResourceName, "test_reader", DatabaseAccess.ReadOnly, builder.AddTestPassword($"{ReaderResourceName}-password"));
        database.AddMySqlUser(WriterResourceName, "test_writer", DatabaseAccess.ReadWrite, builder.AddTestPassword($"{WriterResourceName}-password"));
        database.AddMySqlUser(OwnerResourceName, "test_owner", DatabaseAccess.Owner, builder.AddTestPassword($"{OwnerResourceName}-password"));
        builder.AddLocalRedis(RedisResourceName, password: builder.AddTestPassword($"{RedisResourceName}-password"));

        _app = await builder.BuildAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            using var timeout = new CancellationTokenSource(s_startTimeout);
            await _app.StartAsync(timeout.Token);
            await Task.WhenAll(
                new[] { DatabaseResourceName, RedisResourceName, ReaderResourceName, WriterResourceName, OwnerResourceName }
                    .Select(name => _app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token)));

            MySqlConnectionString = await GetConnectionStringAsync(DatabaseResourceName, timeout.Token);
            MySqlServerConnectionString = await GetConnectionStringAsync(MySqlResourceName, timeout.Token);
            RedisConnectionString = await GetConnectionStringAsync(RedisResourceName, timeout.Token);
            ReaderConnectionString = await GetConnectionStringAsync(ReaderResourceName, timeout.Token);
            WriterConnectionString = await GetConnectionStringAsync(WriterResourceName, timeout.Token);
            OwnerConnectionString = await GetConnectionStringAsync(OwnerResourceName, timeout.Token);
            return null;
        }
        catch (Exception ex)
        {
            var report = $"The backend did not start ({ex.GetType().Name} after {started.Elapsed.TotalSeconds:F0} s): {ex.Message}\n" +
                TestAppHost.DescribeResources(_app,
                    [$"{MySqlResourceName}-init", MySqlResourceName, DatabaseResourceName, ReaderResourceName, WriterResourceName, OwnerResourceName, RedisResourceName]) +
                $"--- exception:\n{ex}";
            try
            {
                await DisposeAsync();
            }
            catch (Exception stopError)
            {
                // A start cancelled half-way can make the stop throw too; that must not hide why the start failed.
                report += $"\n--- stopping it then failed too: {stopError.GetType().Name}: {stopError.Message}";
            }

            return report;
        }
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

    private async Task<string> GetConnectionStringAsync(string resourceName, CancellationToken cancellationToken) =>
        await App.GetConnectionStringAsync(resourceName, cancellationToken)
            ?? throw new InvalidOperationException($"'{resourceName}' has no connection string.");
}
