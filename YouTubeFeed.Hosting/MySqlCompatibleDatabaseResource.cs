using MySqlConnector;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>A database on a <see cref="MySqlServerResource"/>, as in Aspire.Hosting.MySql.</summary>
/// <param name="name">The name of the resource.</param>
/// <param name="databaseName">The database name.</param>
/// <param name="parent">The server that holds the database.</param>
public class MySqlDatabaseResource(string name, string databaseName, MySqlServerResource parent)
    : Resource(name), IResourceWithParent<MySqlServerResource>, IResourceWithConnectionString
{
    /// <summary>Gets the parent server resource.</summary>
    public MySqlServerResource Parent { get; } = parent ?? throw new ArgumentNullException(nameof(parent));

    /// <summary>Gets the database name.</summary>
    public string DatabaseName { get; } = string.IsNullOrEmpty(databaseName)
        ? throw new ArgumentException("The database name must not be empty.", nameof(databaseName))
        : databaseName;

    /// <summary>Gets the connection string expression: the server's, then <c>;Database={databaseName}</c>.</summary>
    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            // The builder quotes a name that needs it, as Aspire.Hosting.MySql does.
            var database = new MySqlConnectionStringBuilder { ["Database"] = DatabaseName }.ToString();
            return ReferenceExpression.Create($"{Parent};{database}");
        }
    }

    /// <summary>Gets the connection URI expression: <c>mysql://{user}:{password}@{host}:{port}/{database}</c>.</summary>
    public ReferenceExpression UriExpression => Parent.BuildUri(DatabaseName);

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        Parent.CombineProperties([
            new("DatabaseName", ReferenceExpression.Create($"{DatabaseName}")),
            new("Uri", UriExpression),
        ]);
}
