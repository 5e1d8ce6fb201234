namespace YouTubeFeed.Api;

/// <summary>
/// The Api, put together: Program.cs runs it, and tests start it on a free port with their own settings
/// (a real Kestrel server, no in-memory test host).
/// </summary>
public static class ApiApp
{
    public static WebApplication Build(WebApplicationOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(options);

        builder.AddServiceDefaults();
        builder.AddYouTubeFeedDatabase();
        builder.AddYouTubeFeedCache();
        builder.AddApi();
        configure?.Invoke(builder);

        var app = builder.Build();

        app.UseApiPipeline();
        app.MapApiEndpoints();
        return app;
    }
}
