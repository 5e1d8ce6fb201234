namespace YouTubeFeed.YouTubeEmulator.Search;

internal static class SearchEndpoints
{
    /// <summary>Clients use the base address http://host:port/youtube/v3/, as they would https://www.googleapis.com/youtube/v3/.</summary>
    public static WebApplication MapSearch(this WebApplication app)
    {
        var api = app.MapGroup("/youtube/v3").WithTags("YouTube Data API v3");
        api.MapGet(
            "/search",
            ([AsParameters] SearchParameters parameters, SearchHandler handler, HttpResponse response, CancellationToken aborted) =>
                handler.HandleAsync(parameters, response, aborted));
        return app;
    }
}
