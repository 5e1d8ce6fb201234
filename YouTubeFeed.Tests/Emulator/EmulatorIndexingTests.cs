using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace YouTubeFeed.Tests.Emulator;

public sealed class EmulatorIndexingTests
{
    private const string Key = "test-key";
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_late_listed_video_is_hidden_from_search_until_its_listedAt()
    {
        var time = new FakeTimeProvider(Now);
        await using var emulator = await RunningEmulator.StartAsync(time: time);
        await emulator.PublishAsync(new { query = "football", count = 2, publishedAt = Now.AddMinutes(-1) });
        var late = (await emulator.PublishAsync(new { query = "football", count = 1, publishedAt = Now, indexDelay = "00:30:00" }))[0];
        var lateId = late.GetProperty("videoId").GetString();

        Assert.Equal("2026-05-04T10:30:00Z", late.GetProperty("listedAt").GetString());
        Assert.Equal(2, (await emulator.SearchAsync(Key, Profiles.Search())).VideoIds.Count);
        Assert.Equal(2, (await emulator.GetJsonAsync("admin/videos?query=football")).GetArrayLength());
        var all = await emulator.GetJsonAsync("admin/videos?query=football&include=all");
        Assert.Equal(3, all.GetArrayLength());
        Assert.Equal("2026-05-04T10:30:00Z", all[0].GetProperty("listedAt").GetString());

        time.Advance(TimeSpan.FromMinutes(29) + TimeSpan.FromSeconds(59));
        Assert.DoesNotContain(lateId, (await emulator.SearchAsync(Key, Profiles.Search())).VideoIds);
        time.Advance(TimeSpan.FromSeconds(1));
        var listed = await emulator.SearchAsync(Key, Profiles.Search());
        Assert.Equal(lateId, listed.VideoIds[0]);
        Assert.Equal(3, listed.Json.GetProperty("pageInfo").GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task A_video_published_in_the_future_is_listed_when_its_time_comes()
    {
        var time = new FakeTimeProvider(Now);
        await using var emulator = await RunningEmulator.StartAsync(time: time);
        await emulator.PublishAsync(new { query = "football", count = 1, publishedAt = Now.AddHours(1) });

        Assert.Empty((await emulator.SearchAsync(Key, Profiles.Search())).VideoIds);
        time.Advance(TimeSpan.FromHours(1));
        Assert.Single((await emulator.SearchAsync(Key, Profiles.Search())).VideoIds);
    }

    [Fact]
    public async Task A_day_of_explicit_items_publishes_fast_each_with_its_own_time_and_delay()
    {
        var time = new FakeTimeProvider(Now);
        await using var emulator = await RunningEmulator.StartAsync(time: time);
        var items = Enumerable.Range(0, 5000).Select(index => new
        {
            publishedAt = Now.AddDays(-1).AddSeconds(index * 17),
            indexDelay = index % 10 == 0 ? "01:00:00" : "00:00:00",
            title = index == 0 ? "The first of the day" : null,
        }).ToArray();

        var watch = Stopwatch.StartNew();
        var created = await emulator.PublishAsync(new { query = "football", items });
        watch.Stop();

        Assert.Equal(5000, created.GetArrayLength());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        var byTitle = created.EnumerateArray().Single(video => video.GetProperty("title").GetString() == "The first of the day");
        Assert.Equal("2026-05-03T10:00:00Z", byTitle.GetProperty("publishedAt").GetString());
        Assert.Equal("2026-05-03T11:00:00Z", byTitle.GetProperty("listedAt").GetString());
        var delayed = created.EnumerateArray().Count(video => video.GetProperty("listedAt").GetString() != video.GetProperty("publishedAt").GetString());
        Assert.Equal(500, delayed);
        // Those published within the last hour with a delay are not listed yet; all others are.
        var listed = await emulator.GetJsonAsync("admin/videos?query=football");
        var hidden = items.Count(item => item.indexDelay == "01:00:00" && item.publishedAt > Now.AddHours(-1));
        Assert.True(hidden > 0);
        Assert.Equal(items.Count(item => item.publishedAt <= Now) - hidden, listed.GetArrayLength());
    }

    [Fact]
    public async Task A_random_index_delay_follows_the_late_share_and_bounds()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profiles.QuietYouTube(11).With("LateShare", "0.10"));

        var created = await emulator.PublishAsync(new { query = "football", count = 2000, publishedAt = Now, indexDelay = "random" });

        var delays = created.EnumerateArray()
            .Select(video => DateTimeOffset.Parse(video.GetProperty("listedAt").GetString()!, CultureInfo.InvariantCulture)
                             - DateTimeOffset.Parse(video.GetProperty("publishedAt").GetString()!, CultureInfo.InvariantCulture))
            .ToArray();
        var late = delays.Where(delay => delay > TimeSpan.Zero).ToArray();
        Assert.InRange(late.Length, 140, 260);
        Assert.All(late, delay => Assert.InRange(delay, TimeSpan.FromMinutes(5), TimeSpan.FromHours(2)));
        Assert.True(late.Max() - late.Min() > TimeSpan.FromMinutes(60), "delays spread over the range");
    }

    [Fact]
    public async Task Without_indexDelay_an_admin_publish_is_listed_at_once_even_in_the_youtube_profile()
    {
        await using var emulator = await RunningEmulator.StartAsync(Profiles.QuietYouTube().With("LateShare", "1"));

        var created = await emulator.PublishAsync(new { query = "football", count = 20 });

        Assert.All(created.EnumerateArray(), video => Assert.Equal(video.GetProperty("publishedAt").GetString(), video.GetProperty("listedAt").GetString()));
    }

    [Fact]
    public async Task The_steady_stream_and_the_seed_take_the_late_indexing_draw()
    {
        var time = new FakeTimeProvider(Now);
        await using var emulator = await RunningEmulator.StartAsync(
            new Dictionary<string, string?>
            {
                ["LateShare"] = "1",
                ["LateDelayMin"] = "00:10:00",
                ["LateDelayMax"] = "00:10:00",
                ["SeedVideosPerQuery"] = "20",
                ["PublishInterval"] = "00:00:05",
            },
            time);

        var seeded = await emulator.GetJsonAsync("admin/videos?include=all");
        Assert.Equal(20, seeded.GetArrayLength());
        Assert.All(seeded.EnumerateArray(), video => Assert.Equal(
            TimeSpan.FromMinutes(10),
            video.GetProperty("listedAt").GetDateTimeOffset() - video.GetProperty("publishedAt").GetDateTimeOffset()));

        time.Advance(TimeSpan.FromSeconds(5));
        JsonElement streamed;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            streamed = await emulator.GetJsonAsync("admin/videos?include=all");
        }
        while (streamed.GetArrayLength() < 21 && DateTime.UtcNow < deadline);

        var newest = streamed[0];
        Assert.Equal("2026-05-04T10:00:05Z", newest.GetProperty("publishedAt").GetString());
        Assert.Equal("2026-05-04T10:10:05Z", newest.GetProperty("listedAt").GetString());
        Assert.DoesNotContain(newest.GetProperty("videoId").GetString(), (await emulator.SearchAsync(Key, Profiles.Search())).VideoIds);
    }

    [Fact]
    public async Task Private_and_deleted_videos_drop_out_of_search_and_public_ones_come_back()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var created = await emulator.PublishAsync(new { query = "football", count = 3, publishedAt = Now });
        var ids = created.EnumerateArray().Select(video => video.GetProperty("videoId").GetString()!).ToArray();

        using (var hide = await emulator.SendJsonAsync(HttpMethod.Post, $"admin/videos/{ids[0]}/visibility", new { visibility = "private" }))
        {
            Assert.Equal(HttpStatusCode.OK, hide.StatusCode);
        }

        (await emulator.SendJsonAsync(HttpMethod.Post, $"admin/videos/{ids[1]}/visibility", new { visibility = "deleted" })).Dispose();
        Assert.Equal([ids[2]], (await emulator.SearchAsync(Key, Profiles.Search())).VideoIds);
        var all = await emulator.GetJsonAsync("admin/videos?include=all");
        Assert.Equal(["private", "deleted", "public"], all.EnumerateArray().Select(video => video.GetProperty("visibility").GetString()));

        (await emulator.SendJsonAsync(HttpMethod.Post, $"admin/videos/{ids[0]}/visibility", new { visibility = "public" })).Dispose();
        Assert.Equal([ids[0], ids[2]], (await emulator.SearchAsync(Key, Profiles.Search())).VideoIds);

        using var unknown = await emulator.SendJsonAsync(HttpMethod.Post, "admin/videos/nope/visibility", new { visibility = "private" });
        using var bad = await emulator.SendJsonAsync(HttpMethod.Post, $"admin/videos/{ids[0]}/visibility", new { visibility = "hidden" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
