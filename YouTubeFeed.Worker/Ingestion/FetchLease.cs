using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;
using YouTubeFeed.Worker.Planning;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>
/// The lease that makes one Worker replica the fetcher, so quota is never spent twice: a row of <c>fetch_lease</c>
/// in MySQL, where the ledger it protects lives, so that a stalled Redis cannot stop fetching. Each new holder
/// gets a larger fencing token, and the ledger only accepts writes from the newest (see
/// <see cref="Coverage.LedgerStore"/>). The lease lives two fetch intervals and is renewed in the background while
/// a tick reads, so the slowest page cannot outlive it; a dead holder is replaced within its time to live.
/// </summary>
public sealed partial class FetchLease(MySqlDataSource dataSource, IOptions<PlannerOptions> options, ILogger<FetchLease> logger)
{
    private const string LeaseName = "fetch";

    // One statement takes a free or expired lease, renews our own, or leaves another holder's alone. The order
    // of the assignments matters: MySQL evaluates them left to right, each seeing the ones before. Time is the
    // database's, the one clock all replicas share. A new token is never below one the ledger has seen. Only a
    // new holder gets a new token: a holder whose renewal came late, with nobody taking the lease meanwhile, was
    // never fenced off, so it keeps its token and its read goes on (a new token would abort it as "lost").
    private const string HoldSql =
        "SET @floor = (SELECT COALESCE(MAX(fence_token), 0) FROM ingestion_state); " +
        "INSERT INTO fetch_lease (name, holder, token, expires_at) " +
        "VALUES (@name, @holder, @floor + 1, DATE_ADD(UTC_TIMESTAMP(6), INTERVAL @ttl MICROSECOND)) " +
        "ON DUPLICATE KEY UPDATE " +
        "token = IF(expires_at <= UTC_TIMESTAMP(6) AND holder <> VALUES(holder), GREATEST(token, @floor) + 1, token), " +
        "holder = IF(expires_at <= UTC_TIMESTAMP(6) OR holder = VALUES(holder), VALUES(holder), holder), " +
        "expires_at = IF(holder = VALUES(holder), VALUES(expires_at), expires_at); " +
        "SELECT holder, token FROM fetch_lease WHERE name = @name";

    private readonly string holderId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>The fencing token while this replica holds the lease.</summary>
    public long? Token { get; private set; }

    public TimeSpan TimeToLive => TimeSpan.FromTicks(Math.Max(options.Value.FetchInterval.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));

    /// <summary>Whether this replica still holds the lease with <paramref name="token"/> (as of the last renewal).</summary>
    public bool Holds(long token) => Token == token;

    /// <summary>Renews the lease if held, takes it if free or expired; returns the fencing token while held, else null.</summary>
    public async Task<long?> TryHoldAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(HoldSql, connection);
        command.Parameters.AddWithValue("@name", LeaseName);
        command.Parameters.AddWithValue("@holder", holderId);
        command.Parameters.AddWithValue("@ttl", (long)TimeToLive.TotalMicroseconds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var holder = reader.GetString(0);
        var token = reader.GetInt64(1);
        var previous = Token;
        Token = holder == holderId ? token : null;
        if (Token is { } held && previous != held)
        {
            LogAcquired(logger, held);
        }
        else if (Token is null && previous is not null)
        {
            LogLost(logger);
        }

        return Token;
    }

    /// <summary>Renews the lease every third of its time to live until <paramref name="stop"/> is cancelled.</summary>
    public async Task KeepRenewingAsync(long token, CancellationToken stop)
    {
        // Real time, not the injected TimeProvider: the lease expires by the database's clock.
        using var timer = new PeriodicTimer(TimeToLive / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop) && Token == token)
            {
                try
                {
                    await TryHoldAsync(stop);
                }
                catch (Exception exception) when (exception is MySqlException or TimeoutException or InvalidOperationException)
                {
                    // The next renewal tries again; if the lease expires meanwhile, the fenced ledger stops this replica.
                    LogRenewFailed(logger, exception.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async Task ReleaseAsync()
    {
        if (Token is null)
        {
            return;
        }

        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            await using var command = new MySqlCommand(
                "UPDATE fetch_lease SET expires_at = UTC_TIMESTAMP(6) WHERE name = @name AND holder = @holder", connection);
            command.Parameters.AddWithValue("@name", LeaseName);
            command.Parameters.AddWithValue("@holder", holderId);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is MySqlException or TimeoutException or InvalidOperationException)
        {
            // It expires on its own.
        }

        Token = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This replica is now the fetcher (fencing token {Token})")]
    private static partial void LogAcquired(ILogger logger, long token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The fetch lease passed to another replica; this one stands by")]
    private static partial void LogLost(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetch lease not renewed: {Reason}")]
    private static partial void LogRenewFailed(ILogger logger, string reason);
}
