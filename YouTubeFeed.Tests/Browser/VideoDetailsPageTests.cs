using System.Text.RegularExpressions;
using Microsoft.Playwright;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace YouTubeFeed.Tests.Browser;

/// <summary>
/// What the page shows of the details videos.list tells (length, views, broadcasts) and the filters on them, in
/// headless Chromium against the real Api, MariaDB and Redis: 30 videos, the newest a 45 s Short, then a live
/// broadcast, an upcoming one, and 27 uploads of 4:13 with growing view counts (the oldest most viewed).
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class VideoDetailsPageTests(BackendFixture backend, ChromiumFixture chromium) : BrowserTestBase(backend, chromium), IClassFixture<ChromiumFixture>
{
    private const int PageSize = 20;

    /// <summary>Newest first.</summary>
    private List<VideoRecord> seeded = null!;

    private IPage Page => BrowserPage.Page;

    private ILocator Cards => Page.GetByTestId("video-card");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var now = DateTime.UtcNow;
        var newest = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc).AddMinutes(-5);
        seeded = [.. Enumerable.Range(0, 30).Select(i => Videos.Make($"det{i:D3}xY9", $"Video number {i}", newest.AddMinutes(-i), channelId: i % 2 == 0 ? "UCevenChannel0000000001" : "UCoddChannel00000000002"))];
        await StoreAsync(seeded);
        var details = seeded.Select((video, i) => (video.VideoId, i switch
        {
            0 => Details(45, 900, LiveState.None),
            1 => Details(0, 50, LiveState.Live),
            2 => Details(0, 0, LiveState.Upcoming),
            _ => Details(253, 1_000 + (i * 100), LiveState.None),
        })).ToList();
        await Data.Get<VideoDetailsStore>().ApplyAsync(details, Cancel);
        await Data.Get<YouTubeFeed.Data.Caching.FirstPageCache>().RefreshAsync(Cancel);
    }

    [Fact]
    public async Task Cards_show_length_views_and_broadcast_badges_and_the_count_of_all()
    {
        await Page.GotoAsync("/");
        await Expect(Cards).ToHaveCountAsync(PageSize);

        await Expect(Page.GetByTestId("status")).ToHaveTextAsync("20 of 30 videos");
        await Expect(Cards.Nth(0).GetByTestId("duration-badge")).ToHaveTextAsync("0:45");
        await Expect(Cards.Nth(1).GetByTestId("live-badge")).ToHaveTextAsync("LIVE");
        await Expect(Cards.Nth(1).GetByTestId("duration-badge")).ToHaveCountAsync(0);
        await Expect(Cards.Nth(2).GetByTestId("upcoming-badge")).ToHaveTextAsync("Upcoming");
        await Expect(Cards.Nth(3).GetByTestId("duration-badge")).ToHaveTextAsync("4:13");
        // 1,000 + 3 × 100 views.
        await Expect(Cards.Nth(3).GetByTestId("views")).ToHaveTextAsync("1.3K views");
        await Expect(Cards.Nth(0).GetByTestId("views")).ToHaveTextAsync("900 views");

        await Page.GetByTestId("load-more").ClickAsync();
        await Expect(Cards).ToHaveCountAsync(30);
        await Expect(Page.GetByTestId("status")).ToHaveTextAsync("30 of 30 videos");
        AssertPageHealthy();
    }

    [Fact]
    public async Task The_chips_hide_shorts_and_live_broadcasts_and_come_back_from_the_url()
    {
        await Page.GotoAsync("/");
        await Expect(Cards.First).ToHaveAttributeAsync("data-video-id", seeded[0].VideoId);

        await Page.GetByTestId("hide-shorts").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"\?shorts=exclude$"));
        await Expect(Page.GetByTestId("hide-shorts")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(Cards.First).ToHaveAttributeAsync("data-video-id", seeded[1].VideoId);
        await Expect(Page.GetByTestId("shorts-chip")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("status")).ToHaveTextAsync("Showing 20 videos");

        await Page.GetByTestId("hide-live").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"\?shorts=exclude&live=exclude$"));
        await Expect(Cards.First).ToHaveAttributeAsync("data-video-id", seeded[3].VideoId);
        await Expect(Page.GetByTestId("live-badge")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("upcoming-badge")).ToHaveCountAsync(0);

        await Page.ReloadAsync();
        await Expect(Page.GetByTestId("hide-live")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(Cards.First).ToHaveAttributeAsync("data-video-id", seeded[3].VideoId);

        // Removing the Shorts chip brings the Short back; live ones stay hidden.
        await Page.GetByTestId("shorts-chip").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"\?live=exclude$"));
        await Expect(Cards.First).ToHaveAttributeAsync("data-video-id", seeded[0].VideoId);
        await Expect(Cards.Nth(1)).ToHaveAttributeAsync("data-video-id", seeded[3].VideoId);
        AssertPageHealthy();
    }

    [Fact]
    public async Task Most_viewed_sorts_by_views_and_a_channel_click_filters_by_that_channel()
    {
        await Page.GotoAsync("/");
        await Page.GetByTestId("order-select").SelectOptionAsync("views");
        await Expect(Page).ToHaveURLAsync(new Regex(@"\?order=views$"));
        // The oldest upload has the most views (1,000 + 29 × 100).
        await Expect(Cards.First).ToHaveAttributeAsync("data-video-id", seeded[29].VideoId);
        await Expect(Cards.First.GetByTestId("views")).ToHaveTextAsync("3.9K views");
        await Page.GetByTestId("load-more").ClickAsync();
        await Expect(Cards).ToHaveCountAsync(30);
        var ids = await Cards.EvaluateAllAsync<string[]>("cards => cards.map((c) => c.dataset.videoId)");
        Assert.Equal(30, ids.Distinct().Count());

        // A click on a channel's name shows only that channel (no UC… id to type).
        await Cards.First.GetByTestId("channel-button").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"channelId=UCoddChannel00000000002"));
        await Expect(Cards).ToHaveCountAsync(15);
        await Expect(Page.GetByTestId("channel-chip")).ToBeVisibleAsync();
        AssertPageHealthy();
    }

    private static VideoDetails Details(int seconds, long views, LiveState live) => new(
        seconds,
        views,
        views / 20,
        views / 200,
        DateTime.UtcNow,
        live,
        live == LiveState.Upcoming ? DateTime.UtcNow.AddHours(2) : null,
        live == LiveState.Live ? DateTime.UtcNow.AddMinutes(-10) : null,
        null,
        "hd",
        VideoDetails.IsShortRule(seconds, live),
        DateTime.UtcNow);

    private void AssertPageHealthy()
    {
        Assert.Empty(BrowserPage.ExternalRequests);
        Assert.Empty(BrowserPage.Problems);
    }
}
