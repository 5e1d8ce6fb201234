using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace YouTubeFeed.Tests.EndToEnd;

/// <summary>
/// The real AppHost (<c>Projects.YouTubeFeed_AppHost</c>) in emulator mode with throw-away data: MySQL,
/// Redis, the emulator, the Worker and the Api as real processes, wired as <c>dotnet run</c> wires them.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    /// <summary>Short, so that a test sees a fetch within seconds.</summary>
    public static readonly TimeSpan FetchInterval = TimeSpan.FromSeconds(2);

    public static readonly string[] Arguments =
    [
        "Backends:Mode=local",
        "Backends:Ephemeral=true",
        $"YouTube:FetchInterval={FetchInterval}",
        "Emulator:PublishInterval=00:00:03",
        "Emulator:SeedVideosPerQuery=80",
    ];

    private DistributedApplication? app;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The AppHost has not started.");

    public HttpClient Api { get; private set; } = null!;

    public HttpClient Emulator { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        app = await StartAsync();
        Api = App.CreateHttpClient("api");
        Emulator = App.CreateHttpClient("youtube-emulator");
    }

    public static async Task<DistributedApplication> StartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.YouTubeFeed_AppHost>(Arguments, timeout.Token);
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        var started = await builder.BuildAsync(timeout.Token);
        await started.StartAsync(timeout.Token);
        await Task.WhenAll(
            started.ResourceNotifications.WaitForResourceHealthyAsync("api", timeout.Token),
            started.ResourceNotifications.WaitForResourceHealthyAsync("worker", timeout.Token));
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        Emulator?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
