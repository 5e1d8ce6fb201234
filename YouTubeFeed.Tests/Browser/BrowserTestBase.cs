using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Browser;

/// <summary>
/// A private database and Redis database, the Worker's write path to fill them, the real Api serving the page
/// on a loopback port, and a fresh browser page (1280×800) for it. When a test fails, a full-page screenshot
/// goes to TestResults/screenshots/failures/.
/// </summary>
public abstract class BrowserTestBase(BackendFixture backend, ChromiumFixture chromium) : IAsyncLifetime
{
    protected ChromiumFixture Chromium { get; } = chromium;

    protected IsolatedStore Store { get; private set; } = null!;

    protected WorkerHarness Data { get; private set; } = null!;

    protected ApiServer Api { get; private set; } = null!;

    protected BrowserPage BrowserPage { get; private set; } = null!;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        Store = await IsolatedStore.CreateAsync(backend);
        Data = await WorkerHarness.StartAsync(Store, new Uri("http://127.0.0.1:9/"));
        Api = new ApiServer(Store);
        BrowserPage = await Chromium.NewPageAsync(Api.Address);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (BrowserPage is not null)
        {
            if (TestContext.Current.TestState?.Result == TestResult.Failed)
            {
                await SaveFailureScreenshotAsync();
            }

            await BrowserPage.DisposeAsync();
        }

        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        if (Data is not null)
        {
            await Data.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Stores videos as the Worker does (<see cref="WorkerHarness.StoreAsync"/>).</summary>
    protected Task StoreAsync(IReadOnlyList<VideoRecord> videos, bool index = true) => Data.StoreAsync(videos, index);

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
