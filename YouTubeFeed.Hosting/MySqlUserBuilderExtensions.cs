using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace YouTubeFeed.Hosting;

/// <summary>Users with the least rights a service needs, on a database of a MySQL-compatible server.</summary>
public static class MySqlUserBuilderExtensions
{
    /// <summary>
    /// Adds a user of <paramref name="database"/> that may do only what <paramref name="access"/> says there. The user is
    /// created with <c>root</c> (the database's connection string) when the database becomes ready, and at every later
    /// ready its password is set again and its grants are replaced unless they are already exactly these, so a changed
    /// parameter or a persistent data directory from an older version ends in the same state, and a restart does not
    /// take the services' rights away for a moment. The resource is running once that is done, and healthy while the user
    /// can log in.
    /// </summary>
    /// <param name="database">The database: ours or any whose connection properties include Host, Port and DatabaseName (e.g. Aspire.Hosting.MySql's).</param>
    /// <param name="name">The resource name.</param>
    /// <param name="userName">The MySQL user name (letters, digits and <c>_</c>).</param>
    /// <param name="access">What the user may do.</param>
    /// <param name="password">The password; a generated secret parameter <c>{name}-password</c> when null.</param>
    public static IResourceBuilder<MySqlUserResource> AddMySqlUser<TDatabase>(
        this IResourceBuilder<TDatabase> database, string name, string userName, DatabaseAccess access, IResourceBuilder<ParameterResource>? password = null)
        where TDatabase : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var app = database.ApplicationBuilder;
        // Letters and digits only: a password goes into a connection string unquoted.
        var passwordParameter = password?.Resource
            ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(app, $"{name}-password", special: false);
        var user = new MySqlUserResource(name, userName, access, passwordParameter, database.Resource);

        database.OnResourceReady((_, @event, ct) => ProvisionAsync(user, @event.Services, ct));
        return app.AddResource(user)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "MySqlUser",
                State = KnownResourceStates.Waiting,
                Properties = [new("user.name", userName), new("user.access", access.ToString())],
            })
            .WithIconName("Person")
            .WithParentRelationship(database.Resource)
            .WithMySqlConnectionHealthCheck()
            .ExcludeFromManifest();
    }

    private static async Task ProvisionAsync(MySqlUserResource user, IServiceProvider services, CancellationToken cancellationToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(user);
        try
        {
            var databaseName = await user.Parent.GetConnectionProperty("DatabaseName").GetValueAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new DistributedApplicationException($"'{user.Parent.Name}' does not say its database name.");
            var password = await user.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new DistributedApplicationException($"The password parameter of '{user.Name}' has no value.");
            var rootConnectionString = await user.Parent.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new DistributedApplicationException($"'{user.Parent.Name}' has no connection string yet.");

            await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(rootConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var replaced = await MySqlUserGrants.ApplyAsync(connection, user.UserName, databaseName, user.Privileges, password, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("User {UserName} may {Privileges} on {Database} ({How}).", user.UserName, user.Privileges, databaseName, replaced ? "granted now" : "as granted before");
            await notifications.PublishUpdateAsync(user, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow, StopTimeStamp = null })
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MySqlException or DistributedApplicationException or InvalidOperationException)
        {
            logger.LogError(ex, "Could not create or update user {UserName}.", user.UserName);
            await notifications.PublishUpdateAsync(user, s => s with { State = KnownResourceStates.FailedToStart }).ConfigureAwait(false);
        }
    }
}
