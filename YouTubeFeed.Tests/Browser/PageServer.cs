using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using YouTubeFeed.Api;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Browser;

/// <summary>
/// The real Api (page and endpoints) on Kestrel at a free loopback port, for the browser.
/// </summary>
/// <remarks>
/// Like <see cref="ApiServer"/>, except that the port comes from the <c>urls</c> setting instead of
/// <c>UseKestrel(0)</c>. With a top-level Program, WebApplicationFactory lets the app's own thread run on into
/// <c>app.Run()</c> while the factory clears and rewrites the server addresses for <c>UseKestrel(port)</c>; when
/// Kestrel wins that race the factory throws "IServerAddressesFeature.Addresses cannot be modified after the
/// server has started" (seen about once in 50 starts here). Setting <c>urls</c> has no such race.
/// </remarks>
public sealed class PageServer : WebApplicationFactory<ApiOptions>
{
    private readonly Dictionary<string, string?> settings;

    public PageServer(IsolatedStore store)
    {
        settings = store.Settings();
        settings["Api:CursorSigningKey"] = "tests";
        settings["Api:RateLimitPermits"] = "0";
        UseKestrel();
        StartServer();
    }

    public Uri Address => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
