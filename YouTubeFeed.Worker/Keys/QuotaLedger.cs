using MySqlConnector;

namespace YouTubeFeed.Worker.Keys;

/// <summary>
/// Units spent per project and Pacific day, in MySQL (<c>quota_usage</c>): restarts, replicas and a flushed cache
/// all see the same count, and a day's row is its own, so nothing needs resetting at midnight.
/// </summary>
public sealed class QuotaLedger(MySqlDataSource dataSource)
{
    public async Task<Dictionary<string, (long Spent, DateTime? ExhaustedUntil)>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT project, units_spent, exhausted_until FROM quota_usage WHERE day = @day", connection);
        command.Parameters.AddWithValue("@day", day);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new Dictionary<string, (long, DateTime?)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = (reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetDateTime(2));
        }

        return result;
    }

    public Task AddAsync(string project, DateOnly day, long units, DateTime now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "INSERT INTO quota_usage (project, day, units_spent, updated_at) VALUES (@project, @day, @units, @now) " +
            "ON DUPLICATE KEY UPDATE units_spent = units_spent + VALUES(units_spent), updated_at = VALUES(updated_at)",
            project, day, units, null, now, cancellationToken);

    public Task MarkExhaustedAsync(string project, DateOnly day, DateTime until, DateTime now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "INSERT INTO quota_usage (project, day, units_spent, exhausted_until, updated_at) VALUES (@project, @day, 0, @until, @now) " +
            "ON DUPLICATE KEY UPDATE exhausted_until = VALUES(exhausted_until), updated_at = VALUES(updated_at)",
            project, day, 0, until, now, cancellationToken);

    private async Task ExecuteAsync(string sql, string project, DateOnly day, long units, DateTime? until, DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(sql, connection);
        command.Parameters.AddWithValue("@project", project);
        command.Parameters.AddWithValue("@day", day);
        command.Parameters.AddWithValue("@units", units);
        command.Parameters.AddWithValue("@until", until);
        command.Parameters.AddWithValue("@now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
