using Microsoft.Extensions.DependencyInjection;

namespace YouTubeFeed.Worker.Search;

public static class SearchIndexingRegistration
{
    /// <summary>Writes the search terms of stored videos in the background (<see cref="SearchIndexWorker"/>), with its health check.</summary>
    public static IHostApplicationBuilder AddSearchIndexing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SearchIndexWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SearchIndexWorker>());
        builder.Services.AddHealthChecks().AddCheck<SearchIndexHealthCheck>("search-index", tags: [Extensions.ReadyTag]);
        return builder;
    }
}
