using MySqlConnector;
using YouTubeFeed.Hosting.Local;

namespace YouTubeFeed.Hosting;

/// <summary>
/// Sets a user's password and grants, as <c>root</c>. It runs at every start of the server, a restart too, while the
/// services log in as that user: replacing grants that are already right (a <c>REVOKE</c>, then a <c>GRANT</c>) would
/// deny them, for that moment, the database they are reconnecting to. So the grants are replaced only when they are
/// not exactly the ones wanted (a new user, a changed access, a data directory from an older version).
/// </summary>
internal static class MySqlUserGrants
{
    /// <summary>Creates or updates the user; returns whether its grants were replaced.</summary>
    public static async Task<bool> ApplyAsync(
        MySqlConnection root, string userName, string databaseName, string privileges, string password, CancellationToken cancellationToken)
    {
        var account = $"'{userName}'@'%'";
        var database = new MySqlCommandBuilder().QuoteIdentifier(databaseName);
        // A literal, not a parameter: MySqlConnector would take the @'%' of the account for one.
        var secret = MariaDbInitScript.Quote(password);
        await ExecuteAsync(root, $"CREATE USER IF NOT EXISTS {account} IDENTIFIED BY {secret}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(root, $"ALTER USER {account} IDENTIFIED BY {secret}", cancellationToken).ConfigureAwait(false);

        var wanted = Expected(userName, database, privileges);
        if (Normalize(await ShowGrantsAsync(root, account, cancellationToken).ConfigureAwait(false)).SetEquals(wanted))
        {
            return false;
        }

        // Exactly these grants, whatever an older version granted.
        await ExecuteAsync(root, $"REVOKE ALL PRIVILEGES, GRANT OPTION FROM {account}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(root, $"GRANT {privileges} ON {database}.* TO {account}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>What <c>SHOW GRANTS</c> lists for a user with exactly these grants (MariaDB and MySQL 8 word it so).</summary>
    internal static HashSet<string> Expected(string userName, string quotedDatabase, string privileges)
    {
        var grantee = $"`{userName}`@`%`";
        return new(StringComparer.Ordinal) { $"GRANT USAGE ON *.* TO {grantee}", $"GRANT {privileges} ON {quotedDatabase}.* TO {grantee}" };
    }

    /// <summary>
    /// The lines of <c>SHOW GRANTS</c> without how the user logs in, which MariaDB appends to the USAGE line
    /// (<c>IDENTIFIED BY PASSWORD '…'</c>, or <c>IDENTIFIED VIA …</c> for another plugin).
    /// </summary>
    internal static HashSet<string> Normalize(IEnumerable<string> lines) =>
        lines.Select(line => line.IndexOf(" IDENTIFIED ", StringComparison.Ordinal) is var at and >= 0 ? line[..at] : line)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The lines of <c>SHOW GRANTS</c> for <paramref name="account"/> (quoted: <c>'name'@'%'</c>).</summary>
    internal static async Task<List<string>> ShowGrantsAsync(MySqlConnection root, string account, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand($"SHOW GRANTS FOR {account}", root);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var lines = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
