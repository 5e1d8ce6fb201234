using YouTubeFeed.Tests.Api;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Browser;

/// <summary>
/// <see cref="ApiTestBase"/> (a private database and Redis database, the Worker's write path to fill them, the
/// real Api serving the page on a loopback port) plus a fresh browser page (1280×800) for it. When a test
/// fails, a full-page screenshot goes to TestResults/screenshots/failures/.
/// </summary>
public abstract class BrowserTestBase(BackendFixture backend, ChromiumFixture chromium) : ApiTestBase(backend)
{
    protected ChromiumFixture Chromium { get; } = chromium;

    protected BrowserPage BrowserPage { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        BrowserPage = await Chromium.NewPageAsync(Api.Address);
    }

    public override async ValueTask DisposeAsync()
    {
        if (BrowserPage is not null)
        {
            if (TestContext.Current.TestState?.Result == TestResult.Failed)
            {
                await SaveFailureScreenshotAsync();
            }

            await BrowserPage.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private async Task SaveFailureScreenshotAsync()
    {
        var name = TestContext.Current.TestMethod?.MethodName ?? "test";
        var path = Path.Combine(Artifacts.ScreenshotDirectory, "failures", $"{GetType().Name}.{name}.png");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await BrowserPage.Page.ScreenshotAsync(new() { Path = path, FullPage = true, Timeout = 5_000 });
            TestContext.Current.AddAttachment("failure-screenshot", path);
        }
        catch (Exception ex) when (ex is Microsoft.Playwright.PlaywrightException or IOException or InvalidOperationException)
        {
            // The page may be gone; the failure itself says what went wrong.
        }
    }
}
