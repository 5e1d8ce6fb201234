namespace YouTubeFeed.YouTubeEmulator.Videos;

internal static class VideosEndpoints
{
    /// <summary>GET /youtube/v3/videos: videos.list by id.</summary>
    public static WebApplication MapVideos(this WebApplication app)
    {
        var api = app.MapGroup("/youtube/v3").WithTags("YouTube Data API v3");
        api.MapGet(
            "/videos",
            ([AsParameters] VideoParameters parameters, VideosHandler handler, HttpResponse response, CancellationToken aborted) =>
                handler.HandleAsync(parameters, response, aborted));
        return app;
    }
}
