using Microsoft.Extensions.Hosting;
using YouTubeFeed.AppHost.Backends;
using YouTubeFeed.AppHost.Configuration;
using YouTubeFeed.AppHost.Operations;
using YouTubeFeed.AppHost.YouTube;

var builder = DistributedApplication.CreateBuilder(args);

var secrets = builder.AddSecretParameters();
var backends = builder.AddBackends();
backends.Cache.WithFlushCacheCommand();

builder.AddProject<Projects.YouTubeFeed_Worker>("worker")
    .WithDatabaseUser(backends, backends.WorkerUser)
    .WithReference(backends.Cache).WaitFor(backends.Cache)
    .WithYouTube(builder, secrets)
    .WithSecret(SecretSettings.OperatorToken, secrets.OperatorToken)
    .WithHttpHealthCheck("/health")
    .WithFetchNowCommand(secrets.OperatorToken)
    .PrintUrlWhenHealthy();

builder.AddProject<Projects.YouTubeFeed_Api>("api")
    .WithDatabaseUser(backends, backends.ApiUser)
    .WithReference(backends.Cache).WaitFor(backends.Cache)
    .WithServiceSettings(builder.Configuration)
    .WithSecret(SecretSettings.CursorSigningKey, secrets.CursorSigningKey)
    .WithSecret(SecretSettings.CursorSigningKeyPrevious, secrets.CursorSigningKeyPrevious)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .PrintUrlWhenHealthy();

StopServicesFirst.Register(builder);
builder.Build().Run();
