using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using YouTubeFeed.Api;
using YouTubeFeed.Data.Database;

namespace YouTubeFeed.Tests.Infrastructure;

/// <summary>
/// The real Api in-process behind real Kestrel on a free loopback port, talking to a real database and Redis.
/// (Not WebApplicationFactory: it finds the app's host through a process-wide listener, which captures the
/// wrong host when other hosts are built in parallel by other test classes.)
/// </summary>
public sealed class ApiServer : IAsyncDisposable, IDisposable
{
    private readonly WebApplication app;

    /// <param name="configure">Runs last on the builder: a test may add logger providers or replace services.</param>
    public ApiServer(IsolatedStore store, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var configuration = store.Settings();
        configuration["Api:CursorSigningKey"] = "tests";
        configuration["Api:RateLimitPermits"] = "0";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        // Settings travel as command-line arguments: the Api reads some (connection strings) while it registers
        // its services, before any configure callback could add them.
        configuration["urls"] = "http://127.0.0.1:0";
        app = ApiApp.Build(
            new WebApplicationOptions
            {
                EnvironmentName = "Production",
                ContentRootPath = RepositoryRoot.Combine("YouTubeFeed.Api"),
                Args = [.. configuration.Select(setting => $"--{setting.Key}={setting.Value}")],
            },
            configure);
        app.StartAsync().GetAwaiter().GetResult();
        Address = new Uri(app.Urls.First());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Services.GetRequiredService<SchemaReadiness>().WaitAsync(timeout.Token).GetAwaiter().GetResult();
    }

    public IServiceProvider Services => app.Services;

    /// <summary>The address Kestrel listens on.</summary>
    public Uri Address { get; }

    /// <summary>A plain HttpClient for the real TCP address.</summary>
    public HttpClient CreateHttpClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.None })
    {
        BaseAddress = Address,
    };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
