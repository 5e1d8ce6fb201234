using Aspire.Hosting.ApplicationModel;
using YouTubeFeed.Hosting.Local;

namespace YouTubeFeed.Hosting;

/// <summary>
/// A Redis server run as a local <c>redis-server</c> process, with the same connection string as
/// Aspire.Hosting.Redis's container <c>RedisResource</c>.
/// </summary>
public class LocalRedisServerResource : ExecutableResource, IResourceWithConnectionString, ILocalServerResource
{
    internal const string PrimaryEndpointName = "tcp";

    /// <param name="name">The name of the resource.</param>
    /// <param name="password">A parameter that contains the password (<c>requirepass</c>).</param>
    /// <param name="command">The path of <c>redis-server</c>.</param>
    /// <param name="workingDirectory">The working directory of the process.</param>
    /// <param name="runtimeDirectory">A new directory for this run (config file, pid file), deleted when the app stops.</param>
    public LocalRedisServerResource(string name, ParameterResource password, string command, string workingDirectory, string runtimeDirectory)
        : base(name, command, workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentException.ThrowIfNullOrEmpty(runtimeDirectory);

        PrimaryEndpoint = new(this, PrimaryEndpointName);
        PasswordParameter = password;
        RuntimeDirectory = runtimeDirectory;
        DataDirectory = runtimeDirectory;
    }

    /// <summary>Gets the primary endpoint for the Redis server.</summary>
    public EndpointReference PrimaryEndpoint { get; }

    /// <summary>Gets the host endpoint reference for this resource.</summary>
    public EndpointReferenceExpression Host => PrimaryEndpoint.Property(EndpointProperty.Host);

    /// <summary>Gets the port endpoint reference for this resource.</summary>
    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    /// <summary>Gets or sets the parameter that contains the password.</summary>
    public ParameterResource PasswordParameter { get; set; }

    /// <summary>Gets the working directory of the server (<c>--dir</c>), where a persistent server keeps its data.</summary>
    public string DataDirectory { get; internal set; }

    /// <summary>Gets whether the data is ephemeral (nothing saved; the directory is deleted when the app stops).</summary>
    public bool IsTemporaryDataDirectory { get; internal set; } = true;

    /// <summary>This run's config file (it holds the password) and pid file; deleted when the app stops.</summary>
    internal string RuntimeDirectory { get; }

    string ILocalServerResource.RuntimeDirectory => RuntimeDirectory;

    /// <summary>Gets the connection string expression: <c>{host}:{port},password={password}</c>.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");

    /// <summary>Gets the connection URI expression: <c>redis://:{password}@{host}:{port}</c>.</summary>
    public ReferenceExpression UriExpression =>
        ReferenceExpression.Create($"redis://:{PasswordParameter:uri}@{Host}:{Port}");

    internal string ConfigFilePath => Path.Combine(RuntimeDirectory, "redis.conf");

    internal string PidFilePath => Path.Combine(RuntimeDirectory, "redis.pid");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties()
    {
        yield return new("Host", ReferenceExpression.Create($"{Host}"));
        yield return new("Port", ReferenceExpression.Create($"{Port}"));
        yield return new("Password", ReferenceExpression.Create($"{PasswordParameter}"));
        yield return new("Uri", UriExpression);
    }
}
