using Aspire.Hosting.ApplicationModel;

namespace YouTubeFeed.Hosting;

/// <summary>
/// A server that speaks the MySQL protocol, reached as <c>root</c>: a local <c>mariadbd</c>
/// (<see cref="LocalMariaDbServerResource"/>) or a <c>mysql</c> container (<see cref="MySqlContainerServerResource"/>).
/// Databases (<see cref="MySqlDatabaseBuilderExtensions.AddDatabase"/>) and users
/// (<see cref="MySqlUserBuilderExtensions.AddMySqlUser"/>) are built the same way on either.
/// </summary>
public interface IMySqlCompatibleServerResource : IResourceWithConnectionString, IResourceWithEndpoints
{
    /// <summary>The endpoint clients connect to.</summary>
    EndpointReference PrimaryEndpoint { get; }

    /// <summary>The password of <c>root</c>; only the AppHost uses it (to create databases and users).</summary>
    ParameterResource PasswordParameter { get; }
}

/// <summary>The parts of the MySQL connection string that the server resources share.</summary>
internal static class MySqlServerConnection
{
    internal const string PrimaryEndpointName = "tcp";
    internal const string RootUserName = "root";

    internal static ReferenceExpression ConnectionString(IMySqlCompatibleServerResource server) =>
        ReferenceExpression.Create(
            $"Server={server.PrimaryEndpoint.Property(EndpointProperty.Host)};Port={server.PrimaryEndpoint.Property(EndpointProperty.Port)};User ID={RootUserName};Password={server.PasswordParameter}");

    internal static ReferenceExpression Uri(IMySqlCompatibleServerResource server, string? databaseName = null)
    {
        var builder = new ReferenceExpressionBuilder();
        builder.AppendLiteral("mysql://");
        builder.Append($"{RootUserName:uri}:{server.PasswordParameter:uri}@{server.PrimaryEndpoint.Property(EndpointProperty.Host)}:{server.PrimaryEndpoint.Property(EndpointProperty.Port)}");
        if (databaseName is not null)
        {
            builder.Append($"/{databaseName:uri}");
        }

        return builder.Build();
    }

    internal static IEnumerable<KeyValuePair<string, ReferenceExpression>> Properties(IMySqlCompatibleServerResource server)
    {
        yield return new("Host", ReferenceExpression.Create($"{server.PrimaryEndpoint.Property(EndpointProperty.Host)}"));
        yield return new("Port", ReferenceExpression.Create($"{server.PrimaryEndpoint.Property(EndpointProperty.Port)}"));
        yield return new("Username", ReferenceExpression.Create($"{RootUserName}"));
        yield return new("Password", ReferenceExpression.Create($"{server.PasswordParameter}"));
        yield return new("Uri", Uri(server));
    }
}
