using MySqlConnector;

namespace YouTubeFeed.Worker.Enrichment;

/// <summary>A project's spending of its general bucket on one Pacific day.</summary>
public sealed record GeneralUsage(long Spent, long RefreshSpent, DateTime? ExhaustedUntil);

/// <summary>
/// Units spent of each project's general bucket per Pacific day, in MySQL (<c>general_quota_usage</c>), kept apart
/// from the search bucket's ledger as Google keeps the buckets apart.
/// </summary>
public sealed class GeneralQuotaLedger(MySqlDataSource dataSource)
{
    public async Task<Dictionary<string, GeneralUsage>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(
            "SELECT project, units_spent, refresh_units_spent, exhausted_until FROM general_quota_usage WHERE day = @day", connection);
        command.Parameters.AddWithValue("@day", day);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new Dictionary<string, GeneralUsage>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = new GeneralUsage(
                reader.GetInt64(1),
                reader.GetInt64(2),
                reader.IsDBNull(3) ? null : DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc));
        }

        return result;
    }

    public Task AddAsync(string project, DateOnly day, long units, bool refresh, DateTime now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "INSERT INTO general_quota_usage (project, day, units_spent, refresh_units_spent, updated_at) VALUES (@project, @day, @units, @refresh, @now) " +
            "ON DUPLICATE KEY UPDATE units_spent = units_spent + VALUES(units_spent), " +
            "refresh_units_spent = refresh_units_spent + VALUES(refresh_units_spent), updated_at = VALUES(updated_at)",
            project, day, units, refresh ? units : 0, null, now, cancellationToken);

    public Task MarkExhaustedAsync(string project, DateOnly day, DateTime until, DateTime now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "INSERT INTO general_quota_usage (project, day, units_spent, refresh_units_spent, exhausted_until, updated_at) " +
            "VALUES (@project, @day, 0, 0, @until, @now) " +
            "ON DUPLICATE KEY UPDATE exhausted_until = VALUES(exhausted_until), updated_at = VALUES(updated_at)",
            project, day, 0, 0, until, now, cancellationToken);

    private async Task ExecuteAsync(
        string sql, string project, DateOnly day, long units, long refreshUnits, DateTime? until, DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(sql, connection);
        command.Parameters.AddWithValue("@project", project);
        command.Parameters.AddWithValue("@day", day);
        command.Parameters.AddWithValue("@units", units);
        command.Parameters.AddWithValue("@refresh", refreshUnits);
        command.Parameters.AddWithValue("@until", until);
        command.Parameters.AddWithValue("@now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
