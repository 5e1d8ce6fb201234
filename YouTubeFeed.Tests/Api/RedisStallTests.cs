using System.Diagnostics;
using System.Net;
using System.Text.Json;
using YouTubeFeed.Api.FirstPage;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

/// <summary>
/// Redis stalled, not stopped: the server process is paused with SIGSTOP (resumed in <c>finally</c>), so connections
/// stay open and commands wait for their 2 s timeout. Requests must neither fail nor wait past the budget.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class RedisStallTests(BackendFixture backend) : ApiTestBase(backend)
{
    /// <summary>
    /// Under one Redis timeout (2 s), which is what every request waited before the budget: a request that waits for
    /// Redis takes at least that. Requests take the stated budget (<see cref="InProcessFirstPage.RedisBudget"/>, 250 ms
    /// on Redis) plus MySQL's time for a small page; the rest is room for a scheduling stall of a busy 2-core machine,
    /// which one request of a hundred may meet.
    /// </summary>
    private static readonly TimeSpan Slowest = TimeSpan.FromMilliseconds(1900);

    /// <summary>What the middle request may take: the budget plus MySQL, with room, but far from a Redis timeout.</summary>
    private static readonly TimeSpan Typical = TimeSpan.FromMilliseconds(1000);

    protected override Dictionary<string, string?> ApiSettings => new() { ["Api:FirstPageLocalTtl"] = "00:00:00.500" };

    [Fact]
    public async Task With_redis_stalled_every_request_answers_within_the_budget_and_page_one_follows_mysql()
    {
        await StoreAsync(Videos.Series("stall", 30));
        Assert.Equal("stall000029", await FirstIdAsync(Http));
        var timings = new List<(string Url, TimeSpan Took, HttpStatusCode Status)>();

        await using (await PausedRedis.PauseAsync(Store))
        {
            // A video reaches MySQL while the Worker cannot reach Redis.
            await Data.Get<VideoWriter>().UpsertAsync([Videos.Make("stall-new", "Stored during the stall", Videos.Origin.AddDays(1))], Cancel);

            var urls = new[] { "/getData", "/api/videos", "/api/videos?limit=5", "/getData?pageNo=2", "/api/videos?q=video", "/health" };
            var calm = DateTime.UtcNow + TimeSpan.FromSeconds(4); // several local TTLs, and Redis timeouts (2 s) under way
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            var sawNew = false;
            while (DateTime.UtcNow < calm || !sawNew)
            {
                Assert.True(DateTime.UtcNow < deadline, "page 1 never showed the video stored in MySQL");
                foreach (var url in urls)
                {
                    var (took, status, body) = await TimeAsync(Http, url);
                    timings.Add((url, took, status));
                    sawNew |= url == "/getData" && body.Contains("stall-new", StringComparison.Ordinal);
                }
            }

            // A replica that starts now has no first page at all: Redis gets its 250 ms, then MySQL answers.
            await using var cold = new ApiServer(Store, ApiSettings);
            using var coldHttp = cold.CreateHttpClient();
            foreach (var url in new[] { "/getData", "/api/videos", "/health" })
            {
                var (took, status, _) = await TimeAsync(coldHttp, url);
                timings.Add(("cold " + url, took, status));
            }
        }

        TestContext.Current.SendDiagnosticMessage($"{timings.Count} requests while Redis was stalled; slowest {timings.Max(t => t.Took).TotalMilliseconds:0} ms");
        Assert.All(timings, t => Assert.True(t.Status == HttpStatusCode.OK && t.Took < Slowest, $"{t.Url}: {(int)t.Status} after {t.Took.TotalMilliseconds:0} ms"));
        var median = timings.Select(t => t.Took).Order().ElementAt(timings.Count / 2);
        Assert.True(median < Typical, $"the middle request took {median.TotalMilliseconds:0} ms");

        // Redis answers again: announcements reach the Api again.
        await StoreAsync([Videos.Make("after-stall", "After the stall", Videos.Origin.AddDays(2))]);
        await EventuallyAsync(async () => await FirstIdAsync(Http) == "after-stall", TimeSpan.FromSeconds(10), "page 1 follows Redis again");
    }

    [Fact]
    public async Task A_replica_started_while_redis_is_stalled_subscribes_to_announcements_once_it_answers()
    {
        await StoreAsync(Videos.Series("sub", 5));
        // A local TTL longer than the test: only an announcement can bring a new first page.
        var settings = new Dictionary<string, string?> { ["Api:FirstPageLocalTtl"] = "00:10:00" };
        ApiServer? replica = null;
        try
        {
            await using (await PausedRedis.PauseAsync(Store))
            {
                replica = new ApiServer(Store, settings);
                using var stalled = replica.CreateHttpClient();
                var (took, status, _) = await TimeAsync(stalled, "/getData");
                Assert.True(status == HttpStatusCode.OK && took < Slowest, $"{(int)status} after {took.TotalMilliseconds:0} ms");
            }

            using var http = replica.CreateHttpClient();
            // The subscription is made again by itself within a few seconds; each round stores a new first page.
            var round = 0;
            await EventuallyAsync(
                async () =>
                {
                    var id = $"sub-new{round++:D2}";
                    await StoreAsync([Videos.Make(id, "Announced", Videos.Origin.AddDays(round))]);
                    return await ShowsWithinAsync(http, id, TimeSpan.FromSeconds(2));
                },
                TimeSpan.FromSeconds(30),
                "the replica subscribed again");

            // And from then on every announcement is followed at once.
            await StoreAsync([Videos.Make("sub-last", "Announced", Videos.Origin.AddDays(100))]);
            Assert.True(await ShowsWithinAsync(http, "sub-last", TimeSpan.FromSeconds(3)), "an announcement after the resubscription was missed");
        }
        finally
        {
            if (replica is not null)
            {
                await replica.DisposeAsync();
            }
        }
    }

    private static async Task<bool> ShowsWithinAsync(HttpClient http, string id, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            if (await FirstIdAsync(http) == id)
            {
                return true;
            }

            await Task.Delay(50, Cancel);
        }

        return false;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {timeout}: {what}");
            await Task.Delay(100, Cancel);
        }
    }

    private static async Task<string?> FirstIdAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/getData", Cancel);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("videos")[0].GetProperty("video_id").GetString();
    }

    private static async Task<(TimeSpan Took, HttpStatusCode Status, string Body)> TimeAsync(HttpClient http, string url)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(url, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        return (clock.Elapsed, response.StatusCode, body);
    }
}
