using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace YouTubeFeed.Hosting;

/// <summary>
/// A MySQL user with rights on one database only (<see cref="DatabaseAccess"/>), created or updated (password and
/// grants) each time the database becomes ready. Its connection string is the database's with this user instead of
/// <c>root</c>: give a service <c>WithReference(user, connectionName: "…")</c> and it never sees the root password.
/// </summary>
public class MySqlUserResource : Resource, IResourceWithConnectionString, IResourceWithParent<IResourceWithConnectionString>
{
    /// <param name="name">The name of the resource.</param>
    /// <param name="userName">The MySQL user name: letters, digits and <c>_</c>, at most 32 characters.</param>
    /// <param name="access">What the user may do in the database.</param>
    /// <param name="password">A parameter that contains the user's password.</param>
    /// <param name="database">The database (a resource whose connection properties include Host, Port and DatabaseName).</param>
    public MySqlUserResource(string name, string userName, DatabaseAccess access, ParameterResource password, IResourceWithConnectionString database)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(database);
        if (string.IsNullOrEmpty(userName) || userName.Length > 32 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{userName}' is not a user name this accepts (letters, digits and _, at most 32).", nameof(userName));
        }

        UserName = userName;
        Access = access;
        PasswordParameter = password;
        Parent = database;
    }

    /// <summary>Gets the database the user works in.</summary>
    public IResourceWithConnectionString Parent { get; }

    /// <summary>Gets the MySQL user name.</summary>
    public string UserName { get; }

    /// <summary>Gets what the user may do.</summary>
    public DatabaseAccess Access { get; }

    /// <summary>Gets the parameter that contains the user's password.</summary>
    public ParameterResource PasswordParameter { get; }

    /// <summary>Gets the connection string: <c>Server={host};Port={port};User ID={user};Password={password};Database={database}</c>.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create(
            $"Server={Parent.GetConnectionProperty("Host")};Port={Parent.GetConnectionProperty("Port")};User ID={UserName};Password={PasswordParameter};Database={Parent.GetConnectionProperty("DatabaseName")}");

    /// <summary>The privileges that <see cref="Access"/> stands for, as written in a <c>GRANT</c>.</summary>
    internal string Privileges => Access switch
    {
        DatabaseAccess.ReadOnly => "SELECT",
        DatabaseAccess.ReadWrite => "SELECT, INSERT, UPDATE, DELETE",
        DatabaseAccess.Owner => "ALL PRIVILEGES",
        _ => throw new InvalidOperationException($"Unknown access {Access}."),
    };

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        Parent.CombineProperties([
            new("Username", ReferenceExpression.Create($"{UserName}")),
            new("Password", ReferenceExpression.Create($"{PasswordParameter}")),
        ]).Where(p => p.Key is not "Uri" and not "JdbcConnectionString");
}
