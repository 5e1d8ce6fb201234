using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using YouTubeFeed.Tests.Infrastructure;

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

    /// <summary>The AppHost, started, with the Api and the Worker healthy (a failed start is tried once more: <see cref="TestAppHost.StartAsync"/>).</summary>
    public static Task<DistributedApplication> StartAsync() =>
        TestAppHost.StartAsync(
            async cancellationToken =>
            {
                var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.YouTubeFeed_AppHost>(Arguments, cancellationToken);
                builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
                // For the report of a failed start, and for tests that show what the Worker did when they fail.
                builder.KeepLogs(capacity: 5000);
                return await builder.BuildAsync(cancellationToken);
            },
            (app, cancellationToken) => Task.WhenAll(
                app.ResourceNotifications.WaitForResourceHealthyAsync("api", cancellationToken),
                app.ResourceNotifications.WaitForResourceHealthyAsync("worker", cancellationToken)),
            ["mysql-init", "mysql", "youtubedb", "cache", "youtube-emulator", "worker", "api"],
            TimeSpan.FromMinutes(4));

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
