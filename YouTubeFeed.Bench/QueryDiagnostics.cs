using System.Diagnostics;
using System.Globalization;
using System.Text;
using MySqlConnector;

namespace YouTubeFeed.Bench;

/// <summary>
/// EXPLAIN and the session's Handler_read_* counters of the SQL behind each measured URL, run directly against the
/// bench's MariaDB. The statements come from YouTubeFeed.Data's VideoReader itself (its public SQL builders).
/// </summary>
public sealed class QueryDiagnostics(string connectionString)
{
    public async Task<QueryDiagnostic> RunAsync(string label, string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var explain = new List<string>();
        // A batch of several statements (the search's first one) is run and counted, not explained.
        if (!sql.Contains(';', StringComparison.Ordinal))
        {
            await using var command = Command("EXPLAIN " + sql, connection, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            explain.Add(string.Join(" | ", names));
            while (await reader.ReadAsync(cancellationToken))
            {
                explain.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }
        }

        await using (var flush = new MySqlCommand("FLUSH STATUS", connection))
        {
            await flush.ExecuteNonQueryAsync(cancellationToken);
        }

        var rows = 0;
        var stopwatch = Stopwatch.StartNew();
        await using (var command = Command(sql, connection, parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows++;
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }

        if (sql.Contains("START TRANSACTION", StringComparison.Ordinal))
        {
            await using var commit = new MySqlCommand("COMMIT", connection);
            await commit.ExecuteNonQueryAsync(cancellationToken);
        }

        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        var handlers = new Dictionary<string, long>();
        await using (var status = new MySqlCommand("SHOW SESSION STATUS WHERE Variable_name LIKE 'Handler_read%'", connection))
        await using (var reader = await status.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var value = long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
                if (value != 0)
                {
                    handlers[reader.GetString(0)] = value;
                }
            }
        }

        // Longest names first: @i1 must not replace the start of @i10.
        var inline = parameters.OrderByDescending(p => p.Key.Length)
            .Aggregate(sql, (text, p) => text.Replace(p.Key, Literal(p.Value), StringComparison.Ordinal));
        return new QueryDiagnostic(label, inline, explain, handlers, rows, Math.Round(elapsed, 2));
    }

    private static MySqlCommand Command(string sql, MySqlConnection connection, IReadOnlyDictionary<string, object?> parameters)
    {
        var command = new MySqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static string Literal(object? value) => value switch
    {
        null => "NULL",
        string s => $"'{s.Replace("'", "''", StringComparison.Ordinal)}'",
        DateTime d => $"'{d:yyyy-MM-dd HH:mm:ss.ffffff}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "NULL",
    };
}

public sealed record QueryDiagnostic(
    string Label, string Sql, List<string> Explain, Dictionary<string, long> HandlerReads, int Rows, double Milliseconds);
