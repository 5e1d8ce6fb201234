using Microsoft.Extensions.Configuration.Memory;
using YouTubeFeed.YouTubeEmulator.Admin;
using YouTubeFeed.YouTubeEmulator.Quota;
using YouTubeFeed.YouTubeEmulator.Search;
using YouTubeFeed.YouTubeEmulator.Videos;

namespace YouTubeFeed.YouTubeEmulator;

/// <summary>
/// Builds the emulator. Program.cs and the in-process integration tests share it, so both run the same app;
/// every call builds an independent app (all state lives in its own service provider).
/// </summary>
public static class EmulatorApp
{
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--urls</c>).</param>
    /// <param name="configure">Runs after the emulator's own registrations, so it can override any of them
    /// (listening address, configuration values, a fake <see cref="TimeProvider"/>).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Under a test host the entry assembly is the test runner, not the emulator.
            ApplicationName = typeof(EmulatorApp).Assembly.GetName().Name,
        });

        // What an appsettings.json would hold, at the lowest priority. Not a file: the test project copies the
        // output of several web projects into one folder, where their appsettings.json files would collide.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            },
        });

        builder.AddServiceDefaults();
        // These categories write the request URL or path, which can carry an API key (?key=…, /admin/keys/{key}).
        // Hosting diagnostics also puts the path in a scope around every log of the request, unless it is off
        // altogether; log records still correlate through their trace ids.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing.Matching", LogLevel.Information);
        builder.Services.AddEmulator();

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseKeyRedaction();
        app.MapDefaultEndpoints();
        app.MapSearch();
        app.MapVideos();
        app.MapAdmin();
        return app;
    }
}
