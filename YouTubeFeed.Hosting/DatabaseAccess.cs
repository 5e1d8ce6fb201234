namespace YouTubeFeed.Hosting;

/// <summary>What a user created by <see cref="MySqlUserBuilderExtensions.AddMySqlUser"/> may do in its database.</summary>
public enum DatabaseAccess
{
    /// <summary><c>SELECT</c> only.</summary>
    ReadOnly,

    /// <summary><c>SELECT, INSERT, UPDATE, DELETE</c>: rows, never the schema.</summary>
    ReadWrite,

    /// <summary><c>ALL PRIVILEGES</c> on the database (tables, indexes, migrations), nothing on other databases.</summary>
    Owner,
}
