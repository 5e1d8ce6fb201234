using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using YouTubeFeed.Api;

namespace YouTubeFeed.Tests.Infrastructure;

/// <summary>The Api in-process behind real Kestrel on a free loopback port, talking to a real database and Redis.</summary>
public sealed class ApiServer : WebApplicationFactory<ApiOptions>
{
    private readonly Dictionary<string, string?> settings;

    public ApiServer(IsolatedStore store, IDictionary<string, string?>? settings = null)
    {
        this.settings = store.Settings();
        this.settings["Api:CursorSigningKey"] = "tests";
        this.settings["Api:RateLimitPermits"] = "0";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }

        UseKestrel(0);
        StartServer();
    }

    /// <summary>The address Kestrel listens on.</summary>
    public Uri Address => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    /// <summary>A plain HttpClient for the real TCP address (no in-memory shortcut).</summary>
    public HttpClient CreateHttpClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.None })
    {
        BaseAddress = Address,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
