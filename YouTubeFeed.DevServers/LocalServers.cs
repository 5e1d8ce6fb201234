using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MySqlConnector;
using StackExchange.Redis;

namespace YouTubeFeed.DevServers;

/// <summary>A MariaDB and a Redis of the benchmark's own, in a temporary directory, on free ports.</summary>
public sealed class LocalServers : IAsyncDisposable
{
    public const string Password = "bench";
    public const string Database = "youtubedb";

    /// <summary>Server settings beyond the defaults; recorded with every run.</summary>
    public static IReadOnlyList<string> MariaDbSettings(string bufferPool) =>
    [
        $"--innodb-buffer-pool-size={bufferPool}",
        "--innodb-flush-log-at-trx-commit=2",
        "--innodb-log-file-size=1G",
        "--max-connections=500",
        "--character-set-server=utf8mb4",
        "--collation-server=utf8mb4_unicode_ci",
        "--skip-name-resolve",
        "--innodb-print-all-deadlocks=ON",
        "--local-infile=ON",
    ];

    private readonly List<Process> processes = [];
    private readonly bool keep;

    private readonly string bufferPool;
    private readonly IReadOnlyList<string> extraSettings;

    private LocalServers(string directory, bool keep, string bufferPool, IReadOnlyList<string> extraSettings)
    {
        Directory = directory;
        this.keep = keep;
        this.bufferPool = bufferPool;
        this.extraSettings = extraSettings;
    }

    public string Directory { get; }

    public int MySqlPort { get; private set; }

    public int RedisPort { get; private set; }

    public int MySqlPid { get; private set; }

    public string MySqlConnectionString =>
        $"Server=127.0.0.1;Port={MySqlPort};User ID=root;Password={Password};Database={Database};Maximum Pool Size=200";

    public string MySqlServerConnectionString => $"Server=127.0.0.1;Port={MySqlPort};User ID=root;Password={Password}";

    public string RedisConnectionString => $"127.0.0.1:{RedisPort}";

    /// <param name="extraSettings">Server options beyond <see cref="MariaDbSettings"/>, e.g. full-text settings or a plugin.</param>
    public static async Task<LocalServers> StartAsync(
        bool keep, string bufferPool, TextWriter log, CancellationToken cancellationToken, IReadOnlyList<string>? extraSettings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ytf-bench-{Environment.ProcessId}-{DateTime.UtcNow:yyyyMMddHHmmss}");
        System.IO.Directory.CreateDirectory(directory);
        var servers = new LocalServers(directory, keep, bufferPool, extraSettings ?? []);
        try
        {
            await servers.StartMariaDbAsync(log, cancellationToken);
            await servers.StartRedisAsync(log, cancellationToken);
            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private async Task StartMariaDbAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var data = Path.Combine(Directory, "mysql");
        var tmp = Path.Combine(Directory, "mysql-tmp");
        System.IO.Directory.CreateDirectory(data);
        System.IO.Directory.CreateDirectory(tmp);
        List<string> install =
        [
            "--no-defaults", $"--datadir={data}", "--auth-root-authentication-method=normal", "--skip-test-db", $"--tmpdir={tmp}",
        ];
        if (IsRoot)
        {
            install.Add("--user=root");
        }

        await RunToEndAsync("mariadb-install-db", install, Path.Combine(Directory, "mariadb-install-db.log"), cancellationToken);

        var init = Path.Combine(Directory, "init.sql");
        await File.WriteAllTextAsync(init, string.Join("\n", new[] { "127.0.0.1", "localhost", "%" }.SelectMany(host => new[]
        {
            $"CREATE USER IF NOT EXISTS 'root'@'{host}' IDENTIFIED BY '{Password}';",
            $"ALTER USER 'root'@'{host}' IDENTIFIED BY '{Password}';",
            $"GRANT ALL PRIVILEGES ON *.* TO 'root'@'{host}' WITH GRANT OPTION;",
        })) + "\n", cancellationToken);

        List<string> Args(int port)
        {
            List<string> args =
            [
                "--no-defaults", $"--datadir={data}", "--bind-address=127.0.0.1", $"--port={port}",
                $"--socket={Path.Combine(Directory, "mariadbd.sock")}", $"--pid-file={Path.Combine(Directory, "mariadbd.pid")}",
                $"--tmpdir={tmp}", $"--init-file={init}", $"--log-error={Path.Combine(Directory, "mariadbd.err")}",
                .. MariaDbSettings(bufferPool),
                .. extraSettings,
            ];
            if (IsRoot)
            {
                args.Add("--user=root");
            }

            return args;
        }

        var process = await OnFreePortAsync("MariaDB", Path.Combine(Directory, "mariadbd.err"), port =>
        {
            MySqlPort = port;
            return Start("mariadbd", Args(port), Path.Combine(Directory, "mariadbd.out"));
        }, async process =>
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (true)
            {
                try
                {
                    // A listener that is not a MySQL server may accept and never greet: give up on it soon.
                    await using var connection = new MySqlConnection(MySqlServerConnectionString + ";Connection Timeout=5;Pooling=false");
                    await connection.OpenAsync(cancellationToken);

                    // Another server may have taken the port between FreePort and our bind: only ours has our data.
                    await using var identify = new MySqlCommand("SELECT @@datadir", connection);
                    var datadir = (string?)await identify.ExecuteScalarAsync(cancellationToken);
                    if (!SamePath(datadir, data))
                    {
                        return false;
                    }

                    await using var create = new MySqlCommand(
                        $"CREATE DATABASE IF NOT EXISTS `{Database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", connection);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                    return true;
                }
                catch (MySqlException) when (DateTime.UtcNow < deadline && !process.HasExited)
                {
                    await Task.Delay(250, cancellationToken);
                }
                catch (MySqlException) when (process.HasExited)
                {
                    return false;
                }
            }
        }, cancellationToken);
        MySqlPid = process.Id;
        await log.WriteLineAsync($"MariaDB on 127.0.0.1:{MySqlPort} (pid {process.Id}), data in {data}");
    }

    private async Task StartRedisAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var process = await OnFreePortAsync("Redis", Path.Combine(Directory, "redis.log"), port =>
        {
            RedisPort = port;
            return Start(
                "redis-server",
                ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", Directory,
                 "--save", "", "--appendonly", "no", "--daemonize", "no"],
                Path.Combine(Directory, "redis.log"));
        }, async process =>
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                try
                {
                    await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisConnectionString + ",connectTimeout=1000,allowAdmin=true");
                    await redis.GetDatabase().PingAsync();

                    // As for MariaDB: the server on the port must be the process we started.
                    var info = await redis.GetServer(redis.GetEndPoints()[0]).InfoAsync("server");
                    var pid = info.SelectMany(section => section).FirstOrDefault(pair => pair.Key == "process_id").Value;
                    return pid == process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (RedisException) when (DateTime.UtcNow < deadline && !process.HasExited)
                {
                    await Task.Delay(200, cancellationToken);
                }
                catch (RedisException) when (process.HasExited)
                {
                    return false;
                }
            }
        }, cancellationToken);
        await log.WriteLineAsync($"Redis on 127.0.0.1:{RedisPort} (pid {process.Id})");
    }

    /// <summary>
    /// Starts a server on a free port until it is the one answering there. <see cref="FreePort"/> releases the port
    /// before the server binds it, so another process may take it meanwhile: the server then exits (address in use),
    /// or another server answers; either way it is stopped and started again on another port.
    /// </summary>
    private async Task<Process> OnFreePortAsync(
        string name, string logFile, Func<int, Process> start, Func<Process, Task<bool>> isOursAndReady, CancellationToken cancellationToken)
    {
        const int Attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            var process = start(FreePort());
            if (await isOursAndReady(process))
            {
                return process;
            }

            await ProcessRunner.StopAsync(process, TimeSpan.FromSeconds(60));
            processes.Remove(process);
            if (attempt == Attempts)
            {
                // The directory goes with the failed start (unless kept): the log's end goes with the message.
                throw new InvalidOperationException(
                    $"{name} did not start on a free port in {Attempts} attempts. The end of {logFile}:{Environment.NewLine}{Tail(logFile)}");
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static string Tail(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return string.Join(Environment.NewLine, reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(5));
        }
        catch (IOException exception)
        {
            return $"(not readable: {exception.Message})";
        }
    }

    private static bool SamePath(string? a, string b) =>
        a is not null && Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(b));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Process Start(string file, IEnumerable<string> args, string outputFile)
    {
        var process = ProcessRunner.StartLogged(file, args, outputFile);
        processes.Add(process);
        return process;
    }

    private static async Task RunToEndAsync(string file, IEnumerable<string> args, string outputFile, CancellationToken cancellationToken)
    {
        using var process = ProcessRunner.StartLogged(file, args, outputFile);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}); see {outputFile}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Newest first: Redis, then MariaDB (SIGTERM is a clean shutdown for both).
        for (var i = processes.Count - 1; i >= 0; i--)
        {
            await ProcessRunner.StopAsync(processes[i], TimeSpan.FromSeconds(60));
        }

        processes.Clear();
        if (!keep)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
