using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace YouTubeFeed.Tests.Browser;

/// <summary>
/// The web page in headless Chromium against the real Api, a real MariaDB and Redis, with 45 stored videos.
/// Every test gets its own database, Api and browser context.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class VideoPageTests(BackendFixture backend, ChromiumFixture chromium) : BrowserTestBase(backend, chromium), IClassFixture<ChromiumFixture>
{
    /// <summary>The page's fixed page size (app.js PAGE_SIZE).</summary>
    private const int PageSize = 20;

    private static readonly (string Id, string Title)[] s_channels =
    [
        ("UCpitchsideFootball0001", "Pitchside Football"),
        ("UCgoalZoneTV00000000002", "Goal Zone TV"),
        ("UCmatchdayCentral000003", "Matchday Central"),
        ("UCtheTacticsRoom0000004", "The Tactics Room"),
        ("UCfootballDailyClips005", "Football Daily Clips"),
    ];

    /// <summary>Oldest first. "highlights porto" matches exactly three of them (2, 12 and 23).</summary>
    private static readonly string[] s_titles =
    [
        "Arsenal vs Chelsea | Extended Highlights",
        "Top 10 goals of the week",
        "Porto vs Benfica | Extended Highlights",
        "Inside training: Liverpool prepare for the derby",
        "Why pressing wins titles — tactics explained",
        "Barcelona 2-2 Atletico: every angle",
        "Matchday vlog: a day at Anfield",
        "FC Porto training: inside the camp",
        "Best saves of the season so far",
        "Real Madrid press conference, full",
        "Bayern Munich vs Dortmund | Der Klassiker recap",
        "Klopp's tactical masterclass, analysed",
        "Highlights: Porto 3-1 Sporting",
        "U21 prospects to watch this winter",
        "Juventus 1-0 Napoli | Match report",
        "Crazy free kicks you have never seen",
        "Ajax academy: the next generation",
        "Celtic v Rangers: Old Firm preview",
        "PSG dressing room after the final whistle",
        "Inter Milan comeback — the full story",
        "Women's Super League: goal of the month",
        "Transfer deadline day live reaction",
        "Manchester City vs Arsenal | Title race preview",
        "Champions League highlights: Arsenal v Porto",
        "Goalkeeper drills with a pro coach",
        "Newcastle fans react to a late winner",
        "Tottenham 4-3 West Ham | Chaos at the stadium",
        "Fantasy football tips for gameweek 14",
        "Aston Villa set piece breakdown",
        "Brighton's passing patterns explained",
        "Roma vs Lazio | Derby della Capitale recap",
        "Every Haaland goal this month",
        "Referee decisions reviewed: week 13",
        "Sevilla 0-0 Betis: the tactical battle",
        "Liverpool vs Everton | Merseyside derby recap",
        "Grassroots football: Sunday league stories",
        "Feyenoord fans light up De Kuip",
        "Young player of the month nominees",
        "Marseille vs Lyon | Ligue 1 recap",
        "The greatest comebacks in cup history",
        "Chelsea press conference: team news",
        "Leverkusen unbeaten run — how they did it",
        "Scotland vs England | Classic match replay",
        "Morning football news roundup",
        "Weekend preview: five games to watch",
    ];

    /// <summary>The stored videos, newest first (the Api's order).</summary>
    private List<VideoRecord> seeded = null!;

    /// <summary>When the newest seeded video was published.</summary>
    private DateTime newestAt;

    private IPage Page => BrowserPage.Page;

    private ILocator Cards => Page.GetByTestId("video-card");

    private ILocator Titles => Page.GetByTestId("video-title");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var now = DateTime.UtcNow;
        newestAt = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc).AddMinutes(-6);
        var videos = s_titles
            .Select((title, i) => Video(i, title, newestAt - ((s_titles.Length - 1 - i) * new TimeSpan(5, 17, 0))))
            .ToList();
        await StoreAsync(videos);
        seeded = NewestFirst(videos);
    }

    [Fact]
    public async Task The_grid_shows_the_newest_video_first()
    {
        await Page.GotoAsync("/");

        await Expect(Titles).ToHaveTextAsync(TitlesOf(seeded.Take(PageSize)));
        await Expect(Page.GetByTestId("status")).ToHaveTextAsync($"{PageSize} of {seeded.Count} videos");
        Assert.Equal(IdsOf(seeded.Take(PageSize)), await CardIdsAsync());

        var first = Cards.First;
        var newest = seeded[0];
        await Expect(first).ToHaveAttributeAsync("data-video-id", newest.VideoId);
        await Expect(first.GetByTestId("video-title")).ToHaveAttributeAsync("href", $"https://www.youtube.com/watch?v={newest.VideoId}");
        await Expect(first.GetByTestId("channel-button")).ToHaveTextAsync(newest.ChannelTitle);
        await Expect(first.Locator("time")).ToHaveAttributeAsync("datetime", new Regex("^" + Regex.Escape(newest.PublishedAt.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture))));
        await Expect(Page.GetByTestId("load-more")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("empty")).ToBeHiddenAsync();
        await Expect(Page.GetByTestId("error")).ToBeHiddenAsync();
        AssertPageHealthy();
    }

    [Fact]
    public async Task A_search_narrows_the_grid_with_words_in_any_order()
    {
        var expected = Matching("highlights porto");
        Assert.Equal(3, expected.Count);
        await Page.GotoAsync("/");
        await Expect(Titles).ToHaveCountAsync(PageSize);

        // Typed key by key like a person: the debounced search runs once typing pauses.
        var search = Page.GetByTestId("search-input");
        await search.PressSequentiallyAsync("highlights porto");

        await Expect(Titles).ToHaveTextAsync(TitlesOf(expected));
        await Expect(Page).ToHaveURLAsync(new Regex(@"\?q=highlights(\+|%20)porto$"));
        await Expect(Page.GetByTestId("status")).ToHaveTextAsync("Showing 3 videos");
        await Expect(Page.GetByTestId("load-more")).ToBeHiddenAsync();
        Assert.Equal(IdsOf(expected), await CardIdsAsync());

        // Enter searches at once; prefixes of words match too.
        await search.FillAsync("PORT TRAIN");
        await search.PressAsync("Enter");
        await Expect(Titles).ToHaveTextAsync(["FC Porto training: inside the camp"]);
        await Expect(Page).ToHaveURLAsync(new Regex(@"\?q=PORT(\+|%20)TRAIN$"));
        AssertPageHealthy();
    }

    [Fact]
    public async Task A_channel_filter_narrows_the_grid()
    {
        await Page.GotoAsync("/");
        await Expect(Titles).ToHaveTextAsync(TitlesOf(seeded.Take(PageSize)));

        // Click the channel of the newest video.
        var channel = seeded[0];
        var ofChannel = seeded.Where(v => v.ChannelId == channel.ChannelId).ToList();
        await Cards.First.GetByTestId("channel-button").ClickAsync();

        await Expect(Titles).ToHaveTextAsync(TitlesOf(ofChannel));
        await Expect(Page).ToHaveURLAsync(new Regex($@"\?channelId={channel.ChannelId}$"));
        await Expect(Page.GetByTestId("channel-input")).ToHaveValueAsync(channel.ChannelId);
        await Expect(Page.GetByTestId("channel-chip")).ToContainTextAsync(channel.ChannelTitle);
        await Expect(Page.GetByTestId("status")).ToHaveTextAsync($"Showing {ofChannel.Count} videos");
        await Expect(Page.GetByTestId("channel-button")).ToHaveTextAsync(ofChannel.Select(_ => channel.ChannelTitle).ToArray());

        // Typing another channel id replaces it.
        var other = s_channels[1];
        var ofOther = seeded.Where(v => v.ChannelId == other.Id).ToList();
        await Page.GetByTestId("channel-input").FillAsync(other.Id);
        await Expect(Titles).ToHaveTextAsync(TitlesOf(ofOther));
        await Expect(Page).ToHaveURLAsync(new Regex($@"\?channelId={other.Id}$"));
        await Expect(Page.GetByTestId("channel-chip")).ToContainTextAsync(other.Title);

        // Removing the chip brings everything back.
        await Page.GetByTestId("channel-chip").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(Titles).ToHaveTextAsync(TitlesOf(seeded.Take(PageSize)));
        await Expect(Page.GetByTestId("channel-input")).ToHaveValueAsync("");
        AssertPageHealthy();
    }

    [Fact]
    public async Task A_published_date_filter_narrows_the_grid()
    {
        // Calendar days (the browser runs in UTC): after = that whole day onwards, before = up to the end of that day.
        var oldestFirst = seeded.AsEnumerable().Reverse().ToList();
        var afterDay = oldestFirst[10].PublishedAt.Date;
        var beforeDay = oldestFirst[20].PublishedAt.Date;
        var expected = seeded.Where(v => v.PublishedAt >= afterDay && v.PublishedAt < beforeDay.AddDays(1)).ToList();
        Assert.InRange(expected.Count, 11, PageSize);

        await Page.GotoAsync("/");
        await Expect(Titles).ToHaveCountAsync(PageSize);
        await Page.GetByTestId("after-input").FillAsync(Day(afterDay));
        await Page.GetByTestId("before-input").FillAsync(Day(beforeDay));

        await Expect(Titles).ToHaveTextAsync(TitlesOf(expected));
        await Expect(Page).ToHaveURLAsync(new Regex($@"\?after={Day(afterDay)}&before={Day(beforeDay)}$"));
        await Expect(Page.GetByTestId("status")).ToHaveTextAsync($"Showing {expected.Count} videos");

        // "Clear filters" empties every input and shows the newest again.
        await Page.GetByTestId("clear-filters").ClickAsync();
        await Expect(Titles).ToHaveTextAsync(TitlesOf(seeded.Take(PageSize)));
        await Expect(Page.GetByTestId("after-input")).ToHaveValueAsync("");
        await Expect(Page.GetByTestId("before-input")).ToHaveValueAsync("");
        await Expect(Page).ToHaveURLAsync(new Regex(@"/$"));
        AssertPageHealthy();
    }

    [Fact]
    public async Task Load_more_appends_the_next_page_without_duplicates()
    {
        await Page.GotoAsync("/");
        await Expect(Titles).ToHaveTextAsync(TitlesOf(seeded.Take(PageSize)));

        // Clicked where it is, not scrolled into view first: scrolled to, the button would let infinite scroll load the
        // page before the click lands (and the new cards take the click).
        var loadMore = Page.GetByTestId("load-more");
        await loadMore.DispatchEventAsync("click");
        await Expect(Cards).ToHaveCountAsync(2 * PageSize);
        await Expect(Page.GetByTestId("status")).ToHaveTextAsync($"{2 * PageSize} of {seeded.Count} videos");
        var ids = await CardIdsAsync();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(IdsOf(seeded.Take(2 * PageSize)), ids);

        await loadMore.DispatchEventAsync("click");
        await Expect(Cards).ToHaveCountAsync(seeded.Count);
        await Expect(Page.GetByText("You have reached the end of the list.")).ToBeVisibleAsync();
        await Expect(loadMore).ToBeHiddenAsync();
        await Expect(Page.GetByTestId("status")).ToHaveTextAsync($"{seeded.Count} of {seeded.Count} videos");
        ids = await CardIdsAsync();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(IdsOf(seeded), ids);
        await Expect(Titles).ToHaveTextAsync(TitlesOf(seeded));
        AssertPageHealthy();
    }

    [Fact]
    public async Task Scrolling_to_the_end_loads_every_video_exactly_once()
    {
        await Page.GotoAsync("/");
        await Expect(Titles).ToHaveCountAsync(PageSize);

        // Scroll to the bottom until the end-of-list note shows; each scroll may start the next page.
        var end = Page.GetByText("You have reached the end of the list.");
        for (var attempt = 0; attempt < 10 && !await end.IsVisibleAsync(); attempt++)
        {
            var before = await Cards.CountAsync();
            await Page.Mouse.WheelAsync(0, 20_000);
            if (before < seeded.Count)
            {
                await Expect(Cards).Not.ToHaveCountAsync(before);
            }
        }

        await Expect(end).ToBeVisibleAsync();
        var ids = await CardIdsAsync();
        Assert.Equal(IdsOf(seeded), ids);
        AssertPageHealthy();
    }

    [Fact]
    public async Task The_url_restores_search_and_order()
    {
        var porto = Matching("porto");
        Assert.Equal(4, porto.Count);

        await Page.GotoAsync("/?q=porto&order=asc");
        await Expect(Page.GetByTestId("search-input")).ToHaveValueAsync("porto");
        await Expect(Page.GetByTestId("order-select")).ToHaveValueAsync("asc");
        await Expect(Titles).ToHaveTextAsync(TitlesOf(Enumerable.Reverse(porto)));
        await Expect(Page).ToHaveTitleAsync("\"porto\" – YouTubeFeed");

        // A new search, then a reload: the same inputs and grid come back from the URL.
        var narrowed = Matching("highlights porto");
        var search = Page.GetByTestId("search-input");
        await search.FillAsync("highlights porto");
        await search.PressAsync("Enter");
        await Expect(Page).ToHaveURLAsync(new Regex(@"\?q=highlights(\+|%20)porto&order=asc$"));
        await Expect(Titles).ToHaveTextAsync(TitlesOf(Enumerable.Reverse(narrowed)));

        await Page.ReloadAsync();
        await Expect(Page.GetByTestId("search-input")).ToHaveValueAsync("highlights porto");
        await Expect(Page.GetByTestId("order-select")).ToHaveValueAsync("asc");
        await Expect(Titles).ToHaveTextAsync(TitlesOf(Enumerable.Reverse(narrowed)));

        // Back returns to the previous search.
        await Page.GoBackAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"\?q=porto&order=asc$"));
        await Expect(Page.GetByTestId("search-input")).ToHaveValueAsync("porto");
        await Expect(Titles).ToHaveTextAsync(TitlesOf(Enumerable.Reverse(porto)));
        AssertPageHealthy();
    }

    [Fact]
    public async Task Sorting_oldest_first_works()
    {
        var oldestFirst = seeded.AsEnumerable().Reverse().ToList();
        await Page.GotoAsync("/");
        await Expect(Titles).ToHaveTextAsync(TitlesOf(seeded.Take(PageSize)));

        await Page.GetByTestId("order-select").SelectOptionAsync("asc");
        await Expect(Page).ToHaveURLAsync(new Regex(@"\?order=asc$"));
        await Expect(Titles).ToHaveTextAsync(TitlesOf(oldestFirst.Take(PageSize)));

        await Page.GetByTestId("load-more").ClickAsync();
        await Expect(Cards).ToHaveCountAsync(2 * PageSize);
        Assert.Equal(IdsOf(oldestFirst.Take(2 * PageSize)), await CardIdsAsync());

        await Page.GetByTestId("order-select").SelectOptionAsync("desc");
        await Expect(Page).ToHaveURLAsync(new Regex(@"/$"));
        await Expect(Titles).ToHaveTextAsync(TitlesOf(seeded.Take(PageSize)));
        AssertPageHealthy();
    }

    [Fact]
    public async Task New_videos_arriving_while_the_page_is_open_are_announced()
    {
        await Page.GotoAsync("/");
        await Expect(Titles).ToHaveTextAsync(TitlesOf(seeded.Take(PageSize)));

        var arrived = NewestFirst(
        [
            Video(101, "Breaking: late drama in the cup final", newestAt.AddMinutes(1)),
            Video(102, "Post-match reaction from the manager", newestAt.AddMinutes(2)),
            Video(103, "Fans celebrate in the city centre", newestAt.AddMinutes(3)),
        ]);
        await StoreAsync(arrived);

        // The page polls every 15 s.
        var banner = Page.GetByTestId("new-videos-banner");
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(banner).ToHaveTextAsync("3 new videos — show");
        // Nothing was inserted under the reader's eyes.
        await Expect(Titles).ToHaveCountAsync(PageSize);

        await banner.ClickAsync();
        await Expect(banner).ToBeHiddenAsync();
        await Expect(Titles).ToHaveTextAsync(TitlesOf([.. arrived, .. seeded.Take(PageSize)]));
        await Expect(Page.GetByTestId("status")).ToHaveTextAsync($"{PageSize + 3} of {seeded.Count + 3} videos");
        var ids = await CardIdsAsync();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        AssertPageHealthy();
    }

    [Fact]
    public async Task A_search_without_match_shows_the_empty_state()
    {
        await Page.GotoAsync("/");
        await Expect(Titles).ToHaveCountAsync(PageSize);

        var search = Page.GetByTestId("search-input");
        await search.FillAsync("zzzqqq");
        await search.PressAsync("Enter");

        var empty = Page.GetByTestId("empty");
        await Expect(empty).ToBeVisibleAsync();
        await Expect(empty).ToContainTextAsync("No videos match \"zzzqqq\".");
        await Expect(Cards).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("status")).ToHaveTextAsync("No videos found");
        await Expect(Page.GetByTestId("load-more")).ToBeHiddenAsync();
        await Expect(Page.GetByTestId("error")).ToBeHiddenAsync();

        // The empty state offers a way out.
        await empty.GetByRole(AriaRole.Button, new() { Name = "Clear filters" }).ClickAsync();
        await Expect(Titles).ToHaveTextAsync(TitlesOf(seeded.Take(PageSize)));
        await Expect(search).ToHaveValueAsync("");
        await Expect(search).ToBeFocusedAsync();
        await Expect(empty).ToBeHiddenAsync();
        AssertPageHealthy();
    }

    [Fact]
    public async Task A_request_the_Api_rejects_shows_the_error_state()
    {
        await Page.GotoAsync("/");
        await Expect(Titles).ToHaveCountAsync(PageSize);

        // The real Api answers 400 for a channel id with characters no channel id has.
        var channel = Page.GetByTestId("channel-input");
        await channel.FillAsync("not a channel!");
        await channel.PressAsync("Enter");

        var error = Page.GetByTestId("error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("This search could not be run");
        await Expect(error).ToContainTextAsync("channelId must be a YouTube channel id");
        await Expect(Page.GetByTestId("retry")).ToBeHiddenAsync();
        await Expect(Cards).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("empty")).ToBeHiddenAsync();

        // Fixing the input recovers.
        await channel.FillAsync("");
        await channel.PressAsync("Enter");
        await Expect(Titles).ToHaveTextAsync(TitlesOf(seeded.Take(PageSize)));
        await Expect(error).ToBeHiddenAsync();

        // An impossible date range is explained without asking the Api.
        await Page.GetByTestId("after-input").FillAsync("2026-11-20");
        await Page.GetByTestId("before-input").FillAsync("2026-11-10");
        await Expect(error).ToContainTextAsync("These dates leave nothing to show");
        await Expect(Cards).ToHaveCountAsync(0);
        AssertPageHealthy(allowHttpErrors: true);
    }

    [Fact]
    public async Task A_failing_Api_shows_the_error_and_retry_recovers()
    {
        var failing = true;
        await Page.RouteAsync("**/api/videos?*", async route =>
        {
            if (!failing)
            {
                await route.ContinueAsync();
                return;
            }

            await route.FulfillAsync(new()
            {
                Status = 503,
                ContentType = "application/problem+json",
                Body = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.4","title":"The database is unavailable.","status":503,"detail":"The database did not answer in time."}""",
            });
        });

        await Page.GotoAsync("/");
        var error = Page.GetByTestId("error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("The service is temporarily unavailable");
        await Expect(error).ToContainTextAsync("The database did not answer in time.");
        await Expect(Cards).ToHaveCountAsync(0);

        failing = false;
        await Page.GetByTestId("retry").ClickAsync();
        await Expect(Titles).ToHaveTextAsync(TitlesOf(seeded.Take(PageSize)));
        await Expect(error).ToBeHiddenAsync();
        await Expect(Page.GetByTestId("status")).ToHaveTextAsync($"{PageSize} of {seeded.Count} videos");
        AssertPageHealthy(allowHttpErrors: true);
    }

    [Fact]
    public async Task The_controls_are_labelled_and_reached_by_Tab_in_order()
    {
        await Page.GotoAsync("/");
        await Expect(Titles).ToHaveCountAsync(PageSize);

        await Expect(Page.GetByLabel("Search videos", new() { Exact = true })).ToHaveAttributeAsync("data-testid", "search-input");
        await Expect(Page.GetByLabel("Channel id", new() { Exact = true })).ToHaveAttributeAsync("data-testid", "channel-input");
        await Expect(Page.GetByLabel("Published after", new() { Exact = true })).ToHaveAttributeAsync("data-testid", "after-input");
        await Expect(Page.GetByLabel("Published before", new() { Exact = true })).ToHaveAttributeAsync("data-testid", "before-input");
        await Expect(Page.GetByLabel("Sort", new() { Exact = true })).ToHaveAttributeAsync("data-testid", "order-select");
        await Expect(Page.GetByRole(AriaRole.Searchbox, new() { Name = "Search videos" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Combobox, new() { Name = "Sort" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Clear filters" }).First).ToBeVisibleAsync();

        // Tab from the search box. A date input takes several Tabs (month, day, year); count it once.
        await Page.GetByLabel("Search videos", new() { Exact = true }).FocusAsync();
        var visited = new List<string> { "search-input" };
        for (var i = 0; i < 20 && visited.Count < 10; i++)
        {
            await Page.Keyboard.PressAsync("Tab");
            var focused = await Page.EvaluateAsync<string>(
                "() => { const e = document.activeElement; return e?.dataset?.testid || e?.id || e?.tagName || ''; }");
            if (visited[^1] != focused)
            {
                visited.Add(focused);
            }
        }

        Assert.Equal(
            ["search-input", "channel-input", "after-input", "before-input", "order-select", "hide-shorts", "hide-live", "clear-filters", "video-title", "channel-button"],
            visited);

        // The keyboard alone searches: type, Enter; Escape clears the search.
        var search = Page.GetByTestId("search-input");
        await search.FocusAsync();
        await Page.Keyboard.TypeAsync("highlights porto");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Titles).ToHaveTextAsync(TitlesOf(Matching("highlights porto")));
        await Page.Keyboard.PressAsync("Escape");
        await Expect(search).ToHaveValueAsync("");
        await Expect(Titles).ToHaveTextAsync(TitlesOf(seeded.Take(PageSize)));
        AssertPageHealthy();
    }

    [Fact]
    public async Task Screenshots_of_the_grid_on_desktop_and_phone()
    {
        Directory.CreateDirectory(Artifacts.ScreenshotDirectory);
        foreach (var (width, height, mobile) in new[] { (1280, 800, false), (390, 844, true) })
        {
            await using var shot = await Chromium.NewPageAsync(Api.Address, width, height, mobile);
            await shot.Page.GotoAsync("/");
            await Expect(shot.Page.GetByTestId("video-title")).ToHaveTextAsync(TitlesOf(seeded.Take(PageSize)));
            await Expect(shot.Page.GetByTestId("status")).ToHaveTextAsync($"{PageSize} of {seeded.Count} videos");
            // Wait for the thumbnails in view (answered locally with generated PNGs).
            await shot.Page.WaitForFunctionAsync("""
                () => {
                  const inView = [...document.querySelectorAll('.card__img')]
                    .filter((img) => img.getBoundingClientRect().top < innerHeight);
                  return inView.length > 0 && inView.every((img) => img.complete && img.naturalWidth > 0);
                }
                """);
            Assert.Equal(0, await shot.Page.Locator(".card__thumb--failed").CountAsync());
            // Nothing sticks out sideways.
            Assert.True(await shot.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), $"the page scrolls sideways at {width}px");

            var path = Path.Combine(Artifacts.ScreenshotDirectory, $"grid-{width}x{height}.png");
            await shot.Page.ScreenshotAsync(new() { Path = path, Animations = ScreenshotAnimations.Disabled });
            Assert.True(new FileInfo(path).Length > 10_000, $"{path} is suspiciously small");
            Assert.Empty(shot.ExternalRequests);
            Assert.Empty(shot.Problems);
            TestContext.Current.AddAttachment($"grid-{width}x{height}", path);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static VideoRecord Video(int i, string title, DateTime publishedAt)
    {
        var (channelId, channelTitle) = s_channels[i % s_channels.Length];
        var id = $"ytf{i:D3}aB3xQ";
        return new VideoRecord(
            id, title, $"{channelTitle}: the latest news, goals and analysis.", publishedAt, channelId, channelTitle,
            $"https://i.ytimg.com/vi/{id}/default.jpg", $"https://i.ytimg.com/vi/{id}/mqdefault.jpg", $"https://i.ytimg.com/vi/{id}/hqdefault.jpg");
    }

    private static List<VideoRecord> NewestFirst(IEnumerable<VideoRecord> videos) =>
        [.. videos.OrderByDescending(v => v.PublishedAt).ThenByDescending(v => v.VideoId, StringComparer.Ordinal)];

    private static string[] TitlesOf(IEnumerable<VideoRecord> videos) => [.. videos.Select(v => v.Title)];

    private static List<string> IdsOf(IEnumerable<VideoRecord> videos) => [.. videos.Select(v => v.VideoId)];

    private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The seeded videos a search should find (newest first): every word starts a word of the title or description.</summary>
    private List<VideoRecord> Matching(string q)
    {
        var words = Words(q);
        return [.. seeded.Where(v =>
        {
            var text = Words(v.Title + " " + v.Description);
            return words.All(w => text.Any(t => t.StartsWith(w, StringComparison.Ordinal)));
        })];
    }

    private static List<string> Words(string text)
    {
        var plain = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark)
            {
                plain.Append(char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : ' ');
            }
        }

        return [.. plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }

    private async Task<List<string>> CardIdsAsync() =>
        [.. await Cards.EvaluateAllAsync<string[]>("cards => cards.map((c) => c.dataset.videoId)")];

    /// <summary>No uncaught script error, no console error (CSP violations included), no request that left the machine.</summary>
    private void AssertPageHealthy(bool allowHttpErrors = false)
    {
        Assert.Empty(BrowserPage.ExternalRequests);
        var problems = BrowserPage.Problems
            .Where(p => !(allowHttpErrors && p.Contains("Failed to load resource: the server responded with a status of", StringComparison.Ordinal)))
            .ToList();
        Assert.Empty(problems);
    }
}
