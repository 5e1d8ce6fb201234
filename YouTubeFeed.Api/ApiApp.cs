using Microsoft.Extensions.Configuration.Memory;

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

        // What an appsettings.json would hold, at the lowest priority (environment, command line and a real
        // appsettings.json override it). Not a file: the test project copies the output of several web projects
        // into one folder, where their appsettings.json files would collide (see EmulatorApp). ASP.NET Core's
        // conventions: our own categories at Information, the framework's at Warning, so a request is not two log
        // lines (it is a trace, with its span).
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            },
        });

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
