using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace YouTubeFeed.Worker.YouTube;

public static class YouTubeClientRegistration
{
    /// <summary>The typed <see cref="YouTubeClient"/>: one attempt per call, timed by the client itself.</summary>
    public static IHostApplicationBuilder AddYouTubeClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<YouTubeClientOptions>()
            .BindConfiguration(YouTubeClientOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: the one way to take the standard handler off this client.
        builder.Services.AddHttpClient<YouTubeClient>((services, http) =>
            {
                http.BaseAddress = services.GetRequiredService<IOptions<YouTubeClientOptions>>().Value.BaseUrl;
                http.Timeout = Timeout.InfiniteTimeSpan; // the client times each call (see YouTubeClient)
            })
            // Not the standard handler: it retries, and every retry would spend quota without the ledger knowing.
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder;
    }
}
