using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace YouTubeFeed.Hosting;

/// <summary>
/// Adds a MySQL server in a <c>mysql</c> container, built like <see cref="LocalMariaDbBuilderExtensions.AddLocalMariaDb"/>
/// (connection string, health check, databases, users). A stand-in for Aspire.Hosting.MySql's <c>AddMySql</c>, which
/// is not served here; the README says how to switch.
/// </summary>
public static class MySqlContainerBuilderExtensions
{
    /// <summary>The image tag used when none is given.</summary>
    public const string DefaultTag = "8.4";

    /// <summary>Adds a <c>mysql</c> container.</summary>
    /// <param name="builder">The <see cref="IDistributedApplicationBuilder"/>.</param>
    /// <param name="name">The resource name, also the connection string name.</param>
    /// <param name="password">The root password; a generated secret parameter <c>{name}-password</c> when null.</param>
    /// <param name="port">The host port; allocated by Aspire when null.</param>
    /// <param name="tag">The <c>mysql</c> image tag.</param>
    public static IResourceBuilder<MySqlContainerServerResource> AddMySqlContainer(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource>? password = null, int? port = null, string tag = DefaultTag)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var passwordParameter = password?.Resource ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var server = new MySqlContainerServerResource(name, passwordParameter);
        return builder.AddResource(server)
            .WithImage("mysql", tag)
            .WithImageRegistry("docker.io")
            // The search indexer loads its term rows from memory (LOAD DATA LOCAL); MySQL refuses that by default,
            // and the indexer would then fall back to slower INSERTs.
            .WithArgs("--local-infile=ON")
            .WithEndpoint(port: port, targetPort: 3306, name: MySqlServerConnection.PrimaryEndpointName)
            .WithEnvironment(context => context.EnvironmentVariables["MYSQL_ROOT_PASSWORD"] = server.PasswordParameter)
            .WithIconName("DatabaseMultiple")
            .WithMySqlConnectionHealthCheck()
            .OnResourceReady((resource, @event, ct) => MySqlDatabaseBuilderExtensions.CreateDatabasesAsync(resource, @event.Services, ct));
    }

    /// <summary>Keeps the data in a named volume across runs.</summary>
    public static IResourceBuilder<MySqlContainerServerResource> WithDataVolume(this IResourceBuilder<MySqlContainerServerResource> builder, string volumeName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(volumeName);
        return builder.WithVolume(volumeName, "/var/lib/mysql");
    }
}
