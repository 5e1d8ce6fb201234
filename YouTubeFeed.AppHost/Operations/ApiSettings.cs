using Microsoft.Extensions.Configuration;

namespace YouTubeFeed.AppHost.Operations;

internal static class ApiSettings
{
    /// <summary>Passes the AppHost's <c>Api:*</c> settings (e.g. <c>Api:RateLimitPermits=0</c> for a load test) to the Api.</summary>
    public static IResourceBuilder<ProjectResource> WithApiSettings(this IResourceBuilder<ProjectResource> api, IDistributedApplicationBuilder builder)
    {
        foreach (var setting in builder.Configuration.GetSection("Api").GetChildren().Where(s => s.Value is not null && s.Key != "CursorSigningKey"))
        {
            api.WithEnvironment($"Api__{setting.Key}", setting.Value);
        }

        return api;
    }
}
