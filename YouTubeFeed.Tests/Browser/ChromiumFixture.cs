using Microsoft.Playwright;

namespace YouTubeFeed.Tests.Browser;

/// <summary>
/// One headless Chromium (Debian's <c>/usr/bin/chromium</c>, driven by Playwright) per test class. Each test
/// opens its own context and page with <see cref="NewPageAsync"/>.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Chromium has not been started.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException("Chromium is not installed: sudo apt-get install -y chromium (scripts/setup.sh does it)");
        }

        // Generous enough for a loaded 2-core machine, short enough that a real failure does not stall the run.
        Assertions.SetDefaultExpectTimeout(10_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>
    /// A fresh context and page for <paramref name="baseUrl"/>: fixed viewport, UTC time zone (the page's date
    /// filters are calendar days in the viewer's zone), light colours, no motion. Thumbnails from
    /// https://i.ytimg.com are answered with generated PNGs; any other request that would leave the machine
    /// is aborted and recorded in <see cref="BrowserPage.ExternalRequests"/>.
    /// </summary>
    public async Task<BrowserPage> NewPageAsync(Uri baseUrl, int width = 1280, int height = 800, bool mobile = false)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            DeviceScaleFactor = 1,
            IsMobile = mobile,
            HasTouch = mobile,
            Locale = "en-US",
            TimezoneId = "UTC",
            ColorScheme = ColorScheme.Light,
            ReducedMotion = ReducedMotion.Reduce,
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var result = new BrowserPage(context, page).Watch();

        await context.RouteAsync(url => !IsLoopback(url), async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Host == "i.ytimg.com")
            {
                await route.FulfillAsync(new()
                {
                    Status = 200,
                    ContentType = "image/png",
                    BodyBytes = Thumbnails.For(url.AbsolutePath),
                });
                return;
            }

            result.ExternalRequests.Add(route.Request.Url);
            await route.AbortAsync();
        });
        return result;
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Scheme is "data" or "blob" or "about");

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
            browser = null;
        }

        playwright?.Dispose();
        playwright = null;
    }
}

/// <summary>A page in its own browser context, with what went wrong inside it.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    private readonly List<string> problems = [];

    public IBrowserContext Context { get; } = context;

    public IPage Page { get; } = page;

    /// <summary>Requests that tried to leave the machine (other than thumbnails, which are answered locally).</summary>
    public List<string> ExternalRequests { get; } = [];

    /// <summary>Uncaught exceptions and console errors (CSP violations show up here too).</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (problems)
            {
                return [.. problems];
            }
        }
    }

    internal BrowserPage Watch()
    {
        Page.PageError += (_, error) => Add($"uncaught: {error}");
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Add($"console: {message.Text}");
            }
        };
        return this;
    }

    private void Add(string problem)
    {
        lock (problems)
        {
            problems.Add(problem);
        }
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
