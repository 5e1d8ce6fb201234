using YouTubeFeed.AppHost.Backends;
using YouTubeFeed.AppHost.Operations;
using YouTubeFeed.AppHost.YouTube;

var builder = DistributedApplication.CreateBuilder(args);

var backends = builder.AddBackends();
backends.Cache.WithFlushCacheCommand();
var cursorKey = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, "cursor-signing-key");

builder.AddProject<Projects.YouTubeFeed_Worker>("worker")
    .WithReference(backends.Database).WaitFor(backends.Database)
    .WithReference(backends.Cache).WaitFor(backends.Cache)
    .WithYouTube(builder)
    .WithServerVersion(backends)
    .WithHttpHealthCheck("/health")
    .WithFetchNowCommand()
    .PrintUrlWhenHealthy();

builder.AddProject<Projects.YouTubeFeed_Api>("api")
    .WithReference(backends.Database).WaitFor(backends.Database)
    .WithReference(backends.Cache).WaitFor(backends.Cache)
    .WithEnvironment("Api__CursorSigningKey", cursorKey)
    .WithApiSettings(builder)
    .WithServerVersion(backends)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .PrintUrlWhenHealthy();

builder.Build().Run();
