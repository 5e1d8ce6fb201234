using Aspire.Hosting.ApplicationModel;

namespace YouTubeFeed.Hosting;

/// <summary>
/// A MySQL server in a <c>mysql</c> container, for machines where Docker or Podman answers. Built like
/// <see cref="LocalMariaDbServerResource"/>: the same connection string, health check, databases and users.
/// </summary>
public class MySqlContainerServerResource : ContainerResource, IMySqlCompatibleServerResource
{
    /// <param name="name">The name of the resource.</param>
    /// <param name="password">A parameter that contains the root password (<c>MYSQL_ROOT_PASSWORD</c>).</param>
    public MySqlContainerServerResource(string name, ParameterResource password)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(password);
        PrimaryEndpoint = new(this, MySqlServerConnection.PrimaryEndpointName);
        PasswordParameter = password;
    }

    /// <inheritdoc/>
    public EndpointReference PrimaryEndpoint { get; }

    /// <inheritdoc/>
    public ParameterResource PasswordParameter { get; }

    /// <summary>Gets the connection string expression: <c>Server={host};Port={port};User ID=root;Password={password}</c>.</summary>
    public ReferenceExpression ConnectionStringExpression => MySqlServerConnection.ConnectionString(this);

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        MySqlServerConnection.Properties(this);
}
