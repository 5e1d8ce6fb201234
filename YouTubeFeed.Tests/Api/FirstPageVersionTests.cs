using System.Diagnostics;
using System.Text.Json;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

/// <summary>
/// The cached first page is versioned: an older read never replaces a newer one in Redis, any change to stored videos
/// (an update too) replaces it, and every Api replica follows within its local TTL.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class FirstPageVersionTests(BackendFixture backend) : ApiTestBase(backend)
{
    // Below the 5-second default, so that a replica ignoring the setting fails; the bounds below leave a busy machine
    // three seconds beyond it.
    private static readonly TimeSpan LocalTtl = TimeSpan.FromSeconds(1);

    protected override Dictionary<string, string?> ApiSettings => new() { ["Api:FirstPageLocalTtl"] = LocalTtl.ToString() };

    [Fact]
    public async Task A_page_read_before_the_workers_refresh_never_replaces_it()
    {
        await StoreAsync(Videos.Series("ver", 5));
        var cache = Data.Get<FirstPageCache>();

        // An Api replica misses the cache and reads MySQL ...
        var stale = await cache.LoadAsync(Cancel);
        // ... then the Worker stores a video and refreshes the page ...
        await StoreAsync([Videos.Make("ver-newest", "Newest", Videos.Origin.AddDays(1))]);
        var fresh = await cache.ReadAsync();
        Assert.Equal("ver-newest", fresh!.Videos[0].VideoId);

        // ... and only then does the replica write what it read: Redis keeps the newer page.
        Assert.True(await cache.WriteAsync(stale));
        var held = await cache.ReadAsync();
        Assert.Equal(fresh.Version, held!.Version);
        Assert.Equal("ver-newest", held.Videos[0].VideoId);
        Assert.True(stale.Version < fresh.Version);
    }

    [Fact]
    public async Task An_update_without_new_videos_replaces_the_page_and_both_replicas_follow_within_the_local_ttl()
    {
        await StoreAsync(Videos.Series("upd", 30));
        await using var second = new ApiServer(Store, ApiSettings);
        using var secondHttp = second.CreateHttpClient();
        var replicas = new[] { Http, secondHttp };
        foreach (var replica in replicas)
        {
            Assert.Equal("Video 29", await FirstTitleAsync(replica));
        }

        // The Worker stores a changed title of the newest video (no new video) and refreshes the page.
        var changed = Videos.Series("upd", 30)[^1] with { Title = "Video 29, retitled" };
        var result = await Data.Get<VideoWriter>().UpsertAsync([changed], Cancel);
        Assert.Equal((0, 1), (result.Inserted, result.Updated));
        Assert.True((await Data.Get<FirstPageCache>().RefreshAsync(Cancel)).Written);
        var clock = Stopwatch.StartNew();

        foreach (var replica in replicas)
        {
            await ShowsEventuallyAsync(replica, "Video 29, retitled");
        }

        // Within the local TTL (announcements usually make it far quicker), with room for a busy machine.
        Assert.True(clock.Elapsed < LocalTtl + TimeSpan.FromSeconds(3), $"replicas followed after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_replica_whose_announcements_are_lost_still_follows_within_the_local_ttl()
    {
        await StoreAsync(Videos.Series("ttl", 10));
        Assert.Equal("Video 9", await FirstTitleAsync(Http));

        // Written to Redis without an announcement (as when the message is lost): only the TTL brings it.
        var cache = Data.Get<FirstPageCache>();
        await Data.Get<VideoWriter>().UpsertAsync([Videos.Make("ttl-new", "Quiet arrival", Videos.Origin.AddDays(1))], Cancel);
        var snapshot = await cache.LoadAsync(Cancel);
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Store.RedisConnectionString))
        {
            await redis.GetDatabase().HashSetAsync(CacheKeys.FirstPage, [
                new("version", snapshot.Version),
                new("body", JsonSerializer.SerializeToUtf8Bytes(snapshot, DataJsonContext.Default.FirstPageSnapshot)),
            ]);
        }

        var clock = Stopwatch.StartNew();
        await ShowsEventuallyAsync(Http, "Quiet arrival");
        Assert.True(clock.Elapsed < LocalTtl + TimeSpan.FromSeconds(3), $"followed after {clock.Elapsed}");
    }

    private async Task ShowsEventuallyAsync(HttpClient replica, string title)
    {
        var deadline = DateTime.UtcNow + LocalTtl + TimeSpan.FromSeconds(10);
        while (await FirstTitleAsync(replica) != title)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the replica does not show '{title}'");
            await Task.Delay(50, Cancel);
        }
    }

    private static async Task<string?> FirstTitleAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/getData", Cancel);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
        return body.GetProperty("videos")[0].GetProperty("title").GetString();
    }
}
