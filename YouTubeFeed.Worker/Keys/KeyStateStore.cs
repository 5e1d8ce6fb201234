using MySqlConnector;
using YouTubeFeed.Data.Ingestion;

namespace YouTubeFeed.Worker.Keys;

/// <summary>Resting and retired keys, in MySQL (<c>api_key_state</c>), named by fingerprint. A usable key has no row.</summary>
public sealed class KeyStateStore(MySqlDataSource dataSource)
{
    public const string Resting = "resting";
    public const string Retired = "retired";

    public async Task<Dictionary<string, ApiKeyState>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT fingerprint, status, until, strikes, reason, updated_at FROM api_key_state", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var states = new Dictionary<string, ApiKeyState>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = new ApiKeyState
            {
                Fingerprint = reader.GetString(0),
                Status = reader.GetString(1),
                Until = reader.IsDBNull(2) ? null : reader.GetDateTime(2),
                Strikes = reader.GetInt32(3),
                Reason = reader.GetString(4),
                UpdatedAt = reader.GetDateTime(5),
            };
            states[state.Fingerprint] = state;
        }

        return states;
    }

    public async Task SaveAsync(ApiKeyState state, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(
            "INSERT INTO api_key_state (fingerprint, status, until, strikes, reason, updated_at) VALUES (@f, @s, @u, @k, @r, @t) " +
            "ON DUPLICATE KEY UPDATE status = VALUES(status), until = VALUES(until), strikes = VALUES(strikes), " +
            "reason = VALUES(reason), updated_at = VALUES(updated_at)",
            connection);
        command.Parameters.AddWithValue("@f", state.Fingerprint);
        command.Parameters.AddWithValue("@s", state.Status);
        command.Parameters.AddWithValue("@u", state.Until);
        command.Parameters.AddWithValue("@k", state.Strikes);
        command.Parameters.AddWithValue("@r", state.Reason.Length <= IngestionLimits.ReasonLength ? state.Reason : state.Reason[..IngestionLimits.ReasonLength]);
        command.Parameters.AddWithValue("@t", state.UpdatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Forgets a key's refusals after a success (its rest streak is over).</summary>
    public async Task ClearAsync(string fingerprint, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand("DELETE FROM api_key_state WHERE fingerprint = @f AND status <> 'retired'", connection);
        command.Parameters.AddWithValue("@f", fingerprint);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
