using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace YouTubeFeed.Data.Database;

/// <summary>
/// Brings a database to the schema of this build: creates the database when the server has none by that name
/// (utf8mb4, <c>utf8mb4_unicode_ci</c>), then applies the pending EF Core migrations, all under a named server lock
/// so that services starting together do it once. Used by each service at start (<see cref="DatabaseMigrator"/>) and
/// by the AppHost's migration step.
/// </summary>
public static partial class YouTubeFeedSchema
{
    /// <summary>
    /// The suffix of the connection string used only to migrate: <c>ConnectionStrings:youtubedb-owner</c> beside
    /// <c>ConnectionStrings:youtubedb</c>. With it, the service's own user needs no rights on the schema.
    /// </summary>
    public const string OwnerConnectionSuffix = "-owner";

    /// <summary>The character set and collation of a database created here.</summary>
    public const string CharacterSetClause = "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";

    private const string LockName = "youtubefeed.schema-migrations";
    private const int LockWaitSeconds = 60;
    private static readonly ActivitySource Activity = new(TelemetryNames.ActivitySource);

    /// <summary>Creates the database if it is missing and applies the pending migrations; returns the ones applied.</summary>
    /// <param name="connectionString">A connection string naming the database, for a user that may create it and change its schema.</param>
    /// <param name="serverVersion">The SQL dialect, e.g. <c>10.11.0-mariadb</c> or <c>8.4.0-mysql</c>.</param>
    /// <param name="logger">Where to say what was done.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock and the migration.</param>
    public static Task<IReadOnlyList<string>> MigrateAsync(string connectionString, string serverVersion, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(serverVersion);
        ArgumentNullException.ThrowIfNull(logger);
        return MigrateAsync(MySqlDbContextExtensions.Normalize(connectionString, "migration", commandTimeout: null), ServerVersion.Parse(serverVersion), logger, cancellationToken);
    }

    internal static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, ServerVersion serverVersion, ILogger logger, CancellationToken cancellationToken)
    {
        using var activity = Activity.StartActivity("migrate database");
        var databaseName = new MySqlConnectionStringBuilder(connectionString).Database;
        if (string.IsNullOrEmpty(databaseName))
        {
            throw new InvalidOperationException("The connection string names no database (Database=…).");
        }

        // The lock and the CREATE DATABASE need a connection that does not name the database: it may not exist yet.
        var serverOnly = new MySqlConnectionStringBuilder(connectionString) { Database = "", Pooling = false };
        await using var lockConnection = new MySqlConnection(serverOnly.ConnectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var acquire = new MySqlCommand($"SELECT GET_LOCK('{LockName}', {LockWaitSeconds})", lockConnection))
        {
            if (Convert.ToInt64(await acquire.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) != 1)
            {
                throw new TimeoutException($"Another service held the migration lock for more than {LockWaitSeconds} s.");
            }
        }

        try
        {
            await EnsureDatabaseAsync(lockConnection, databaseName, logger, cancellationToken);

            var options = new DbContextOptionsBuilder<YouTubeFeedDbContext>().UseMySql(connectionString, serverVersion).Options;
            await using var context = new YouTubeFeedDbContext(options);
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                LogApplying(logger, pending.Count, databaseName, string.Join(", ", pending));
                await context.Database.MigrateAsync(cancellationToken);
            }

            LogReady(logger, databaseName);
            return pending;
        }
        finally
        {
            await using var release = new MySqlCommand($"SELECT RELEASE_LOCK('{LockName}')", lockConnection);
            await release.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    private static async Task EnsureDatabaseAsync(MySqlConnection connection, string databaseName, ILogger logger, CancellationToken cancellationToken)
    {
        // A user sees here the databases it has rights on; only a missing one is created, so a user without the
        // CREATE privilege (a read-only service) gets past this when the database is there.
        await using (var exists = new MySqlCommand("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @name", connection))
        {
            exists.Parameters.AddWithValue("@name", databaseName);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
            {
                return;
            }
        }

        var identifier = new MySqlCommandBuilder().QuoteIdentifier(databaseName);
        await using var create = new MySqlCommand($"CREATE DATABASE IF NOT EXISTS {identifier} {CharacterSetClause}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        LogCreated(logger, databaseName);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created database {Database}")]
    private static partial void LogCreated(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s) to {Database}: {Migrations}")]
    private static partial void LogApplying(ILogger logger, int count, string database, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema of {Database} is up to date")]
    private static partial void LogReady(ILogger logger, string database);
}
