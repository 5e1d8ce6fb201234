namespace YouTubeFeed.AppHost.Operations;

/// <summary>Prints each project's name and URL once it is healthy, so nobody needs the dashboard to find the Api.</summary>
internal static class HealthyUrlPrinter
{
    public static IResourceBuilder<ProjectResource> PrintUrlWhenHealthy(this IResourceBuilder<ProjectResource> project) =>
        project.OnResourceReady((resource, _, _) =>
        {
            var endpoint = resource.GetEndpoints().FirstOrDefault(e => e.EndpointName == "http") ?? resource.GetEndpoints().FirstOrDefault();
            Console.WriteLine(endpoint is { IsAllocated: true }
                ? $"{resource.Name} is healthy: {endpoint.Url}"
                : $"{resource.Name} is healthy");
            return Task.CompletedTask;
        });
}
