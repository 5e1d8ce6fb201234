using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using MySqlConnector;

namespace YouTubeFeed.Hosting;

/// <summary>A database on an <see cref="IMySqlCompatibleServerResource"/>, created (if missing) when the server is ready.</summary>
/// <param name="name">The name of the resource.</param>
/// <param name="databaseName">The database name.</param>
/// <param name="parent">The server that holds the database.</param>
public class MySqlCompatibleDatabaseResource(string name, string databaseName, IMySqlCompatibleServerResource parent)
    : Resource(name), IResourceWithParent<IMySqlCompatibleServerResource>, IResourceWithConnectionString
{
    /// <summary>Gets the parent server resource.</summary>
    public IMySqlCompatibleServerResource Parent { get; } = parent ?? throw new ArgumentNullException(nameof(parent));

    /// <summary>Gets the database name.</summary>
    public string DatabaseName { get; } = string.IsNullOrEmpty(databaseName)
        ? throw new ArgumentException("The database name must not be empty.", nameof(databaseName))
        : databaseName;

    /// <summary>Gets the connection string expression (as root): the server's, then <c>;Database={databaseName}</c>.</summary>
    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            // The builder quotes a name that needs it, as Aspire.Hosting.MySql does.
            var database = new MySqlConnectionStringBuilder { ["Database"] = DatabaseName }.ToString();
            return ReferenceExpression.Create($"{Parent};{database}");
        }
    }

    /// <summary>Gets the connection URI expression: <c>mysql://root:{password}@{host}:{port}/{database}</c>.</summary>
    public ReferenceExpression UriExpression => MySqlServerConnection.Uri(Parent, DatabaseName);

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        Parent.CombineProperties([
            new("DatabaseName", ReferenceExpression.Create($"{DatabaseName}")),
            new("Uri", UriExpression),
        ]);
}
