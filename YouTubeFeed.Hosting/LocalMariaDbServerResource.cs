using YouTubeFeed.Hosting.Local;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A MySQL-compatible server run as a local <c>mariadbd</c> process, with the same members and connection
/// string as Aspire.Hosting.MySql's container resource so that the AppHost can switch between them.
/// </summary>
public class MySqlServerResource : ExecutableResource, IResourceWithConnectionString, ILocalServerResource
{
    internal const string PrimaryEndpointName = "tcp";
    private const string DefaultUserName = "root";

    private readonly Dictionary<string, string> _databases = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<MySqlDatabaseResource> _databaseResources = [];

    /// <param name="name">The name of the resource.</param>
    /// <param name="password">A parameter that contains the root password.</param>
    /// <param name="command">The path of <c>mariadbd</c>.</param>
    /// <param name="workingDirectory">The working directory of the process.</param>
    /// <param name="runtimeDirectory">A new directory for this run, deleted when the app stops; the data goes in it too unless made persistent.</param>
    public MySqlServerResource(string name, ParameterResource password, string command, string workingDirectory, string runtimeDirectory)
        : base(name, command, workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentException.ThrowIfNullOrEmpty(runtimeDirectory);

        PrimaryEndpoint = new(this, PrimaryEndpointName);
        PasswordParameter = password;
        RuntimeDirectory = runtimeDirectory;
        DataDirectory = Path.Combine(runtimeDirectory, "data");
    }

    /// <summary>Gets the primary endpoint for the MySQL server.</summary>
    public EndpointReference PrimaryEndpoint { get; }

    /// <summary>Gets the host endpoint reference for this resource.</summary>
    public EndpointReferenceExpression Host => PrimaryEndpoint.Property(EndpointProperty.Host);

    /// <summary>Gets the port endpoint reference for this resource.</summary>
    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    /// <summary>Gets or sets the parameter that contains the root password.</summary>
    public ParameterResource PasswordParameter { get; set; }

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

    /// <summary>Gets the connection string expression for the MySQL server.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create(
            $"Server={Host};Port={Port};User ID={DefaultUserName};Password={PasswordParameter}");

    /// <summary>Gets the connection URI expression for the MySQL server: <c>mysql://{user}:{password}@{host}:{port}</c>.</summary>
    public ReferenceExpression UriExpression => BuildUri();

    /// <summary>A dictionary where the key is the resource name and the value is the database name.</summary>
    public IReadOnlyDictionary<string, string> Databases => _databases;

    internal IReadOnlyList<MySqlDatabaseResource> DatabaseResources => _databaseResources;

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

    internal void AddDatabase(MySqlDatabaseResource database)
    {
        _databases.TryAdd(database.Name, database.DatabaseName);
        _databaseResources.Add(database);
    }

    internal ReferenceExpression BuildUri(string? databaseName = null)
    {
        var builder = new ReferenceExpressionBuilder();
        builder.AppendLiteral("mysql://");
        builder.Append($"{DefaultUserName:uri}:{PasswordParameter:uri}@{Host}:{Port}");
        if (databaseName is not null)
        {
            builder.Append($"/{databaseName:uri}");
        }

        return builder.Build();
    }

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties()
    {
        yield return new("Host", ReferenceExpression.Create($"{Host}"));
        yield return new("Port", ReferenceExpression.Create($"{Port}"));
        yield return new("Username", ReferenceExpression.Create($"{DefaultUserName}"));
        yield return new("Password", ReferenceExpression.Create($"{PasswordParameter}"));
        yield return new("Uri", UriExpression);
    }
}
