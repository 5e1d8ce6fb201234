using System.Text;

namespace YouTubeFeed.Hosting.Local;

/// <summary>The <c>--init-file</c> that mariadbd runs at every start: <c>root</c>, on the loopback only.</summary>
/// <remarks>
/// Setting the password at every start, not only when the data directory is created, keeps a persistent
/// data directory usable after the password parameter changed (e.g. user secrets were reset). The services never
/// see <c>root</c>: the AppHost creates a user for each (<see cref="MySqlUserBuilderExtensions.AddMySqlUser"/>).
/// </remarks>
internal static class MariaDbInitScript
{
    // 'localhost' and '::1' are made by mariadb-install-db; '::1' would otherwise keep an empty password. The server
    // listens on 127.0.0.1 only, and DCP's proxy connects from there.
    private static readonly string[] s_rootHosts = ["localhost", "127.0.0.1", "::1"];

    internal static string Build(string password)
    {
        var literal = Quote(password);
        var script = new StringBuilder();
        // Older versions made root@'%', mariadb-install-db makes root@<this host's name>, and an anonymous user would
        // let anyone in: none of them outlives a start.
        foreach (var account in new[] { "'root'@'%'", $"'root'@{Quote(Environment.MachineName)}", "''@'localhost'", "''@'127.0.0.1'" })
        {
            script.Append($"DROP USER IF EXISTS {account};\n");
        }

        foreach (var host in s_rootHosts)
        {
            // One statement a line: that is how mariadbd reads an init file.
            script.Append($"CREATE USER IF NOT EXISTS 'root'@'{host}' IDENTIFIED BY {literal};\n");
            script.Append($"ALTER USER 'root'@'{host}' IDENTIFIED BY {literal};\n");
            script.Append($"GRANT ALL PRIVILEGES ON *.* TO 'root'@'{host}' WITH GRANT OPTION;\n");
        }

        return script.ToString();
    }

    /// <summary>A SQL string literal; the default sql_mode treats backslash as an escape character.</summary>
    internal static string Quote(string value)
    {
        var literal = new StringBuilder("'");
        foreach (var c in value)
        {
            literal.Append(c switch
            {
                '\\' => @"\\",
                '\'' => "''",
                '\n' => @"\n",
                '\r' => @"\r",
                '\0' => @"\0",
                _ => c.ToString(),
            });
        }

        return literal.Append('\'').ToString();
    }
}
