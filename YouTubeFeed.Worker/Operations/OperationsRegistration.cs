using Microsoft.Extensions.DependencyInjection;

namespace YouTubeFeed.Worker.Operations;

public static class OperationsRegistration
{
    /// <summary>The subscription that lets any replica's "fetch now" reach the fetcher (the endpoint is <see cref="FetchNowEndpoint"/>).</summary>
    public static IHostApplicationBuilder AddFetchNow(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<FetchNowSubscription>();
        return builder;
    }
}
