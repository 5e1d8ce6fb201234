using MySqlConnector;

namespace YouTubeFeed.Worker.Coverage;

/// <summary>
/// Loads and saves the query ledgers (<c>ingestion_state</c>). A save is fenced: it only lands while no holder
/// with a newer lease token has written the row, so a Worker that lost its lease cannot undo the next one's work.
/// </summary>
public sealed class LedgerStore(MySqlDataSource dataSource, TimeProvider timeProvider)
{
    public async Task<Dictionary<string, QueryLedger>> LoadAsync(
        IReadOnlyList<string> queries, IReadOnlyList<TimeSpan> sweepAges, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ledgers = queries.ToDictionary(q => q, q => new QueryLedger(q, sweepAges), StringComparer.Ordinal);
        await using (var command = new MySqlCommand("SELECT query, ledger FROM ingestion_state", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var stored = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                var query = reader.GetString(0);
                stored.Add(query);
                if (ledgers.TryGetValue(query, out var ledger))
                {
                    LedgerJson.TryRead(reader.IsDBNull(1) ? null : reader.GetString(1), ledger);
                }
            }

            if (stored.IsSupersetOf(queries))
            {
                return ledgers;
            }
        }

        // Two replicas may get here together: each row is created once, the second insert is ignored.
        foreach (var query in queries)
        {
            await using var insert = new MySqlCommand("INSERT IGNORE INTO ingestion_state (query, fence_token) VALUES (@q, 0)", connection);
            insert.Parameters.AddWithValue("@q", query);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return ledgers;
    }

    /// <summary>Writes the ledger unless a newer lease holder has written it; returns false in that case.</summary>
    /// <param name="complete">Whether the query has no unread gap and its head was read to now.</param>
    public async Task<bool> SaveAsync(QueryLedger ledger, long fenceToken, bool complete, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new MySqlCommand(
            "UPDATE ingestion_state SET watermark = @top, ledger = @ledger, fence_token = @fence, " +
            "last_completed_at = IF(@complete, @now, last_completed_at) WHERE query = @q AND fence_token <= @fence",
            connection);
        command.Parameters.AddWithValue("@top", ledger.Top);
        command.Parameters.AddWithValue("@ledger", LedgerJson.Write(ledger));
        command.Parameters.AddWithValue("@fence", fenceToken);
        command.Parameters.AddWithValue("@complete", complete);
        command.Parameters.AddWithValue("@now", timeProvider.GetUtcNow().UtcDateTime);
        command.Parameters.AddWithValue("@q", ledger.Query);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
