using Aspire.Hosting.ApplicationModel;
using YouTubeFeed.Hosting.Local;

namespace YouTubeFeed.Hosting;

/// <summary>
/// A MariaDB server run as a local <c>mariadbd</c> process (no container engine), with the connection string of a
/// MySQL server (<c>Server=…;Port=…;User ID=root;Password=…</c>).
/// </summary>
public class LocalMariaDbServerResource : ExecutableResource, IMySqlCompatibleServerResource, ILocalServerResource
{
    /// <param name="name">The name of the resource.</param>
    /// <param name="password">A parameter that contains the root password.</param>
    /// <param name="command">The path of <c>mariadbd</c>.</param>
    /// <param name="workingDirectory">The working directory of the process.</param>
    /// <param name="runtimeDirectory">A new directory for this run, deleted when the app stops; the data goes in it too unless made persistent.</param>
    public LocalMariaDbServerResource(string name, ParameterResource password, string command, string workingDirectory, string runtimeDirectory)
        : base(name, command, workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentException.ThrowIfNullOrEmpty(runtimeDirectory);

        PrimaryEndpoint = new(this, MySqlServerConnection.PrimaryEndpointName);
        PasswordParameter = password;
        RuntimeDirectory = runtimeDirectory;
        DataDirectory = Path.Combine(runtimeDirectory, "data");
    }

    /// <inheritdoc/>
    public EndpointReference PrimaryEndpoint { get; }

    /// <inheritdoc/>
    public ParameterResource PasswordParameter { get; }

    /// <summary>Gets the data directory of the server (<c>--datadir</c>).</summary>
    public string DataDirectory { get; internal set; }

    /// <summary>Gets whether the data directory is a fresh temporary one that is deleted when the app stops.</summary>
    public bool IsTemporaryDataDirectory { get; internal set; } = true;

    /// <summary>
    /// This run's socket, pid file, init file and temp files. Kept out of the data directory: a directory there
    /// would show up as a database, and a persistent data directory should not hold a password file.
    /// </summary>
    internal string RuntimeDirectory { get; }

    string ILocalServerResource.RuntimeDirectory => RuntimeDirectory;

    /// <summary>Gets the connection string expression: <c>Server={host};Port={port};User ID=root;Password={password}</c>.</summary>
    public ReferenceExpression ConnectionStringExpression => MySqlServerConnection.ConnectionString(this);

    /// <summary>The one-shot <c>mariadb-install-db</c> resource, present while the data directory needs it.</summary>
    internal ExecutableResource? InitResource { get; set; }

    internal string SocketPath => Path.Combine(RuntimeDirectory, "mariadbd.sock");

    internal string PidFilePath => Path.Combine(RuntimeDirectory, "mariadbd.pid");

    internal string InitFilePath => Path.Combine(RuntimeDirectory, "init.sql");

    /// <summary>
    /// Private, because every mariadbd deletes all <c>#sql*</c> files in its tmpdir when it starts: with a shared
    /// /tmp, one server starting breaks another one's bootstrap or temporary tables.
    /// </summary>
    internal string TempDirectory => Path.Combine(RuntimeDirectory, "tmp");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        MySqlServerConnection.Properties(this);
}
