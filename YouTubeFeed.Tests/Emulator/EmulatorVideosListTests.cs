using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace YouTubeFeed.Tests.Emulator;

/// <summary>videos.list: Google's wire format, parts, the 50-id limit, absent ids, the general quota bucket, and
/// details that move with the (fake) clock.</summary>
public sealed class EmulatorVideosListTests
{
    private const string AllParts = "part=snippet,contentDetails,statistics,liveStreamingDetails";
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_video_comes_in_googles_wire_format_with_counts_as_strings()
    {
        var time = new FakeTimeProvider(Now);
        await using var emulator = await RunningEmulator.StartAsync(time: time);
        var id = await PublishOneAsync(emulator, new { query = "football", publishedAt = Now.AddDays(-1), title = "Don't & won't", channelTitle = "Tom & Jerry's" });
        await SetDetailsAsync(emulator, id, new { duration = "PT1H2M3S", viewCount = 1234, likeCount = 56, commentCount = 7, definition = "sd" });

        var reply = await emulator.VideosAsync("k", $"{AllParts}&id={id}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var page = reply.Json;
        Assert.Equal("youtube#videoListResponse", page.GetProperty("kind").GetString());
        Assert.Matches("^[A-Za-z0-9_-]{27}$", page.GetProperty("etag").GetString());
        Assert.Equal(1, page.GetProperty("pageInfo").GetProperty("totalResults").GetInt32());
        Assert.Equal(1, page.GetProperty("pageInfo").GetProperty("resultsPerPage").GetInt32());
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("youtube#video", item.GetProperty("kind").GetString());
        Assert.Matches("^[A-Za-z0-9_-]{27}$", item.GetProperty("etag").GetString());
        Assert.Equal(id, item.GetProperty("id").GetString());

        var snippet = item.GetProperty("snippet");
        Assert.Equal(PublishTime(Now.AddDays(-1)), snippet.GetProperty("publishedAt").GetString());
        Assert.StartsWith("UC", snippet.GetProperty("channelId").GetString(), StringComparison.Ordinal);
        // videos.list does not HTML-escape, unlike search.list.
        Assert.Equal("Don't & won't", snippet.GetProperty("title").GetString());
        Assert.Equal("Tom & Jerry's", snippet.GetProperty("channelTitle").GetString());
        Assert.Equal("none", snippet.GetProperty("liveBroadcastContent").GetString());
        Assert.Equal(JsonValueKind.String, snippet.GetProperty("categoryId").ValueKind);
        Assert.Equal("Don't & won't", snippet.GetProperty("localized").GetProperty("title").GetString());
        var thumbnails = snippet.GetProperty("thumbnails");
        Assert.Equal($"https://i.ytimg.com/vi/{id}/default.jpg", thumbnails.GetProperty("default").GetProperty("url").GetString());
        Assert.Equal(640, thumbnails.GetProperty("standard").GetProperty("width").GetInt32());
        Assert.False(thumbnails.TryGetProperty("maxres", out _), "an sd video has no maxres thumbnail");

        var content = item.GetProperty("contentDetails");
        Assert.Equal("PT1H2M3S", content.GetProperty("duration").GetString());
        Assert.Equal("2d", content.GetProperty("dimension").GetString());
        Assert.Equal("sd", content.GetProperty("definition").GetString());
        Assert.Equal("false", content.GetProperty("caption").GetString());
        Assert.Contains(content.GetProperty("licensedContent").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.Equal(JsonValueKind.Object, content.GetProperty("contentRating").ValueKind);
        Assert.Equal("rectangular", content.GetProperty("projection").GetString());

        var statistics = item.GetProperty("statistics");
        Assert.All(statistics.EnumerateObject(), count => Assert.Equal(JsonValueKind.String, count.Value.ValueKind));
        Assert.Equal("1234", statistics.GetProperty("viewCount").GetString());
        Assert.Equal("56", statistics.GetProperty("likeCount").GetString());
        Assert.Equal("0", statistics.GetProperty("favoriteCount").GetString());
        Assert.Equal("7", statistics.GetProperty("commentCount").GetString());
        Assert.False(item.TryGetProperty("liveStreamingDetails", out _), "only broadcasts have liveStreamingDetails");
    }

    [Theory]
    [InlineData("PT15S", "PT15S")]
    [InlineData("PT1M", "PT1M")]
    [InlineData("PT60S", "PT1M")]
    [InlineData("PT4M13S", "PT4M13S")]
    [InlineData("PT2H", "PT2H")]
    [InlineData("PT1H0M5S", "PT1H5S")]
    [InlineData("P1DT2H", "P1DT2H")]
    [InlineData("PT26H", "P1DT2H")]
    public async Task Durations_are_iso_8601_as_youtube_writes_them_hours_and_days_included(string set, string expected)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var id = await PublishOneAsync(emulator, new { query = "football" });
        var details = await SetDetailsAsync(emulator, id, new { duration = set });

        var reply = await emulator.VideosAsync("k", $"part=contentDetails&id={id}");

        Assert.Equal(expected, reply.Json.GetProperty("items")[0].GetProperty("contentDetails").GetProperty("duration").GetString());
        Assert.Equal(expected, details.GetProperty("duration").GetString());
        Assert.True(IsoSeconds(expected) == details.GetProperty("durationSeconds").GetInt64());
    }

    [Fact]
    public async Task Only_the_parts_asked_for_are_written()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var id = await PublishOneAsync(emulator, new { query = "football" });

        var idOnly = (await emulator.VideosAsync("k", $"part=id&id={id}")).Json.GetProperty("items")[0];
        var statistics = (await emulator.VideosAsync("k", $"part=statistics&id={id}")).Json.GetProperty("items")[0];
        var two = (await emulator.VideosAsync("k", $"part=snippet, contentDetails&id={id}")).Json.GetProperty("items")[0];

        Assert.Equal(["kind", "etag", "id"], idOnly.EnumerateObject().Select(property => property.Name));
        Assert.Equal(["kind", "etag", "id", "statistics"], statistics.EnumerateObject().Select(property => property.Name));
        Assert.Equal(["kind", "etag", "id", "snippet", "contentDetails"], two.EnumerateObject().Select(property => property.Name));
    }

    [Fact]
    public async Task Bad_parts_and_ids_get_googles_errors_and_are_charged()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Projects:main"] = "k" });
        var ids = (await emulator.PublishAsync(new { query = "football", count = 50 })).EnumerateArray().Select(video => video.GetProperty("videoId").GetString()!).ToArray();

        var unknownPart = await emulator.VideosAsync("k", $"part=snippet,status&id={ids[0]}");
        var noPart = await emulator.VideosAsync("k", $"id={ids[0]}");
        var noId = await emulator.VideosAsync("k", "part=snippet");
        var blankIds = await emulator.VideosAsync("k", "part=snippet&id=,,");
        var fifty = await emulator.VideosAsync("k", $"part=id&id={string.Join(",", ids)}");
        var fiftyOne = await emulator.VideosAsync("k", $"part=id&id={string.Join(",", ids)},{ids[0]}");

        Assert.Equal((HttpStatusCode.BadRequest, "unknownPart"), (unknownPart.Status, unknownPart.Reason));
        Assert.Equal("part", unknownPart.Error.GetProperty("errors")[0].GetProperty("location").GetString());
        Assert.Equal((HttpStatusCode.BadRequest, "required"), (noPart.Status, noPart.Reason));
        Assert.Equal((HttpStatusCode.BadRequest, "missingRequiredParameter"), (noId.Status, noId.Reason));
        Assert.Equal("No filter selected. Expected one of: chart, id, myRating", noId.Error.GetProperty("message").GetString());
        Assert.Equal("youtube.parameter", noId.Error.GetProperty("errors")[0].GetProperty("domain").GetString());
        Assert.Equal("missingRequiredParameter", blankIds.Reason);
        Assert.Equal(HttpStatusCode.OK, fifty.Status);
        Assert.Equal(50, fifty.Json.GetProperty("items").GetArrayLength());
        Assert.Equal((HttpStatusCode.BadRequest, "invalidFilters"), (fiftyOne.Status, fiftyOne.Reason));
        Assert.Equal("The request specifies an invalid filter parameter.", fiftyOne.Error.GetProperty("message").GetString());
        var main = await ProjectAsync(emulator, "main");
        Assert.Equal(6, main.GetProperty("generalSpentUnits").GetInt32());
        Assert.Equal(0, main.GetProperty("spentUnits").GetInt32());
    }

    [Fact]
    public async Task Deleted_private_and_unknown_ids_are_simply_absent_and_the_rest_come_in_the_order_asked()
    {
        var time = new FakeTimeProvider(Now);
        await using var emulator = await RunningEmulator.StartAsync(time: time);
        var ids = (await emulator.PublishAsync(new { query = "football", count = 5 })).EnumerateArray().Select(video => video.GetProperty("videoId").GetString()!).ToArray();
        var late = await PublishOneAsync(emulator, new { query = "football", indexDelay = "01:00:00" });
        var future = await PublishOneAsync(emulator, new { query = "football", publishedAt = Now.AddHours(1) });
        await SetVisibilityAsync(emulator, ids[1], "private");
        await SetVisibilityAsync(emulator, ids[2], "deleted");

        var reply = await emulator.VideosAsync("k", $"part=id&id={ids[4]},{ids[1]},zzzzzzzzzzz,{ids[2]},{ids[0]},{ids[4]},{late},{future},{ids[3]}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        // A video search does not list yet is found by id; one not published yet is not.
        Assert.Equal([ids[4], ids[0], late, ids[3]], reply.Json.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()));
        Assert.Equal(4, reply.Json.GetProperty("pageInfo").GetProperty("totalResults").GetInt32());
        Assert.Equal(4, reply.Json.GetProperty("pageInfo").GetProperty("resultsPerPage").GetInt32());

        var none = await emulator.VideosAsync("k", $"part=snippet&id={ids[1]},{ids[2]}");
        Assert.Equal(HttpStatusCode.OK, none.Status);
        Assert.Equal(0, none.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(0, none.Json.GetProperty("pageInfo").GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task The_general_bucket_is_separate_from_the_search_bucket()
    {
        // 23:00 in Los Angeles (PDT) on 10 June.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 11, 6, 0, 0, TimeSpan.Zero));
        await using var emulator = await RunningEmulator.StartAsync(
            new Dictionary<string, string?>
            {
                ["Projects:searchy"] = "s",
                ["Projects:lookups"] = "v",
                ["DailyUnitsPerProject"] = "200",
                ["DailyGeneralUnitsPerProject"] = "3",
            },
            time);
        var id = await PublishOneAsync(emulator, new { query = "football" });
        const string search = "part=snippet&type=video&order=date&q=football";
        var videos = $"part=statistics&id={id}";

        // The search bucket spent: videos.list still works.
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("s", search)).Status);
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("s", search)).Status);
        Assert.Equal("quotaExceeded", (await emulator.SearchAsync("s", search)).Reason);
        Assert.Equal(HttpStatusCode.OK, (await emulator.VideosAsync("s", videos)).Status);

        // The general bucket spent: search still works.
        for (var call = 0; call < 3; call++)
        {
            Assert.Equal(HttpStatusCode.OK, (await emulator.VideosAsync("v", videos)).Status);
        }

        var exceeded = await emulator.VideosAsync("v", videos);
        Assert.Equal(HttpStatusCode.Forbidden, exceeded.Status);
        Assert.Equal("quotaExceeded", exceeded.Reason);
        Assert.Equal("youtube.quota", exceeded.Error.GetProperty("errors")[0].GetProperty("domain").GetString());
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("v", search)).Status);

        var searchy = await ProjectAsync(emulator, "searchy");
        var lookups = await ProjectAsync(emulator, "lookups");
        Assert.Equal((200, 200, 3, 1), Buckets(searchy));
        Assert.Equal((200, 100, 3, 3), Buckets(lookups));

        // Both buckets reset at midnight Pacific time.
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("quotaExceeded", (await emulator.VideosAsync("v", videos)).Reason);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await emulator.VideosAsync("v", videos)).Status);
        Assert.Equal(HttpStatusCode.OK, (await emulator.SearchAsync("s", search)).Status);
        Assert.Equal((200, 0, 3, 1), Buckets(await ProjectAsync(emulator, "lookups")));
    }

    [Fact]
    public async Task The_general_bucket_is_set_by_knob_and_admin_and_refusals_of_the_key_cost_nothing()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Projects:main"] = "good,bad",
            ["Projects:off"] = "off-key",
            ["Keys"] = "bad:invalid",
            ["DisabledProjects"] = "off",
            ["VideosUnitsPerCall"] = "5",
        });
        var id = await PublishOneAsync(emulator, new { query = "football" });
        (await emulator.SendJsonAsync(HttpMethod.Put, "admin/keys/old", new { expired = true })).Dispose();
        using (var put = await emulator.SendJsonAsync(HttpMethod.Put, "admin/projects/main", new { generalDailyUnits = 12 }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal(12, (await put.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("generalDailyUnits").GetInt32());
        }

        var missing = await emulator.VideosAsync(null, $"part=id&id={id}");
        var invalid = await emulator.VideosAsync("bad", $"part=id&id={id}");
        var expired = await emulator.VideosAsync("old", $"part=id&id={id}");
        var disabled = await emulator.VideosAsync("off-key", $"part=id&id={id}");
        var byQueryKey = await emulator.VideosAsync(null, $"part=id&id={id}&key=good");
        var second = await emulator.VideosAsync("good", $"part=id&id={id}");
        var third = await emulator.VideosAsync("good", $"part=id&id={id}");

        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (missing.Status, missing.Reason));
        Assert.Equal("API_KEY_INVALID", invalid.Error.GetProperty("details")[0].GetProperty("reason").GetString());
        Assert.Equal("API_KEY_EXPIRED", expired.Error.GetProperty("details")[0].GetProperty("reason").GetString());
        Assert.Equal("accessNotConfigured", disabled.Reason);
        Assert.Equal(HttpStatusCode.OK, byQueryKey.Status);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal("quotaExceeded", third.Reason);
        Assert.Equal(10, (await ProjectAsync(emulator, "main")).GetProperty("generalSpentUnits").GetInt32());
        Assert.Equal(0, (await ProjectAsync(emulator, "off")).GetProperty("generalSpentUnits").GetInt32());
        Assert.Equal(10_000, (await ProjectAsync(emulator, "off")).GetProperty("generalDailyUnits").GetInt32());
    }

    [Fact]
    public async Task Statistics_grow_with_the_clock_so_a_refresh_reads_new_numbers()
    {
        var time = new FakeTimeProvider(Now);
        await using var emulator = await RunningEmulator.StartAsync(time: time);
        // All published at this instant (the default spacing of a second would give the older ones a few seconds of
        // views already: a popular one has some).
        var ids = (await emulator.PublishAsync(new { query = "football", count = 5, publishedAt = Now, spacing = "00:00:00" }))
            .EnumerateArray().Select(video => video.GetProperty("videoId").GetString()!).ToArray();
        var query = $"part=statistics&id={string.Join(",", ids)}";

        var reads = new List<Dictionary<string, (long Views, long Likes, long Comments)>>();
        foreach (var wait in new[] { TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(7) })
        {
            time.Advance(wait);
            var reply = await emulator.VideosAsync("k", query);
            reads.Add(reply.Json.GetProperty("items").EnumerateArray().ToDictionary(
                item => item.GetProperty("id").GetString()!,
                item => (Count(item, "viewCount"), Count(item, "likeCount"), Count(item, "commentCount"))));
        }

        Assert.All(reads[0].Values, counts => Assert.Equal((0L, 0L, 0L), counts));
        foreach (var id in ids)
        {
            var views = reads.Select(read => read[id].Views).ToArray();
            Assert.Equal(views.Order(), views);
            var last = reads[^1][id];
            Assert.InRange(last.Likes, (long)(last.Views * 0.02) - 1, (long)(last.Views * 0.05));
            Assert.InRange(last.Comments, (long)(last.Views * 0.001) - 1, (long)(last.Views * 0.005));
        }

        Assert.True(reads[3].Values.Sum(counts => counts.Views) > reads[1].Values.Sum(counts => counts.Views));
        var listed = (await emulator.GetJsonAsync("admin/videos")).EnumerateArray().ToDictionary(video => video.GetProperty("videoId").GetString()!, video => video.GetProperty("details"));
        Assert.All(ids, id => Assert.Equal(reads[^1][id].Views, listed[id].GetProperty("viewCount").GetInt64()));
    }

    [Fact]
    public async Task An_upcoming_broadcast_goes_live_then_ends_as_the_clock_moves()
    {
        var time = new FakeTimeProvider(Now);
        await using var emulator = await RunningEmulator.StartAsync(time: time);
        var id = await PublishOneAsync(emulator, new { query = "football" });
        var details = await SetDetailsAsync(emulator, id, new { live = "upcoming", scheduledStartTime = Now.AddHours(2), duration = "PT1H30M" });
        Assert.Equal(("upcoming", "upcoming"), (details.GetProperty("live").GetString(), details.GetProperty("liveBroadcastContent").GetString()));

        var upcoming = await ReadAsync(emulator, id);
        Assert.Equal("upcoming", upcoming.GetProperty("snippet").GetProperty("liveBroadcastContent").GetString());
        Assert.Equal("P0D", upcoming.GetProperty("contentDetails").GetProperty("duration").GetString());
        Assert.Equal("0", upcoming.GetProperty("statistics").GetProperty("viewCount").GetString());
        Assert.Equal(
            ["scheduledStartTime"],
            upcoming.GetProperty("liveStreamingDetails").EnumerateObject().Select(property => property.Name));
        Assert.Equal(PublishTime(Now.AddHours(2)), upcoming.GetProperty("liveStreamingDetails").GetProperty("scheduledStartTime").GetString());
        Assert.Equal("upcoming", await SearchLiveContentAsync(emulator, id));

        time.Advance(TimeSpan.FromHours(2));
        var live = await ReadAsync(emulator, id);
        Assert.Equal("live", live.GetProperty("snippet").GetProperty("liveBroadcastContent").GetString());
        Assert.Equal("P0D", live.GetProperty("contentDetails").GetProperty("duration").GetString());
        var streaming = live.GetProperty("liveStreamingDetails");
        Assert.Equal(PublishTime(Now.AddHours(2)), streaming.GetProperty("actualStartTime").GetString());
        Assert.False(streaming.TryGetProperty("actualEndTime", out _));
        Assert.Equal(JsonValueKind.String, streaming.GetProperty("concurrentViewers").ValueKind);
        Assert.True(long.Parse(streaming.GetProperty("concurrentViewers").GetString()!, CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("live", await SearchLiveContentAsync(emulator, id));

        time.Advance(TimeSpan.FromMinutes(90));
        var ended = await ReadAsync(emulator, id);
        Assert.Equal("none", ended.GetProperty("snippet").GetProperty("liveBroadcastContent").GetString());
        Assert.Equal("PT1H30M", ended.GetProperty("contentDetails").GetProperty("duration").GetString());
        streaming = ended.GetProperty("liveStreamingDetails");
        Assert.Equal(
            ["actualStartTime", "actualEndTime", "scheduledStartTime"],
            streaming.EnumerateObject().Select(property => property.Name));
        Assert.Equal(PublishTime(Now.AddHours(3.5)), streaming.GetProperty("actualEndTime").GetString());
        Assert.Equal("none", await SearchLiveContentAsync(emulator, id));
        Assert.Equal("ended", (await AdminDetailsAsync(emulator, id)).GetProperty("live").GetString());
    }

    [Fact]
    public async Task Generated_broadcasts_follow_their_schedule()
    {
        var time = new FakeTimeProvider(Now);
        await using var emulator = await RunningEmulator.StartAsync(Profiles.QuietYouTube(21).With("UpcomingBroadcastShare", "1"), time);
        var ids = (await emulator.PublishAsync(new { query = "football", count = 10, spacing = "00:00:00" })).EnumerateArray().Select(video => video.GetProperty("videoId").GetString()!).ToArray();

        var first = (await emulator.VideosAsync("k", $"part=liveStreamingDetails,snippet&id={string.Join(",", ids)}")).Json.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(10, first.Length);
        Assert.All(first, item => Assert.Equal("upcoming", item.GetProperty("snippet").GetProperty("liveBroadcastContent").GetString()));
        var starts = first.Select(item => item.GetProperty("liveStreamingDetails").GetProperty("scheduledStartTime").GetDateTimeOffset()).ToArray();
        Assert.All(starts, start => Assert.InRange(start - Now, TimeSpan.FromHours(1), TimeSpan.FromHours(48)));

        time.Advance(TimeSpan.FromHours(48));
        var later = (await emulator.VideosAsync("k", $"part=liveStreamingDetails,snippet&id={string.Join(",", ids)}")).Json.GetProperty("items").EnumerateArray().ToArray();
        Assert.All(later.Zip(starts), pair =>
        {
            var (item, start) = pair;
            var streaming = item.GetProperty("liveStreamingDetails");
            Assert.Equal(start, streaming.GetProperty("actualStartTime").GetDateTimeOffset());
            if (streaming.TryGetProperty("actualEndTime", out var end))
            {
                Assert.InRange(end.GetDateTimeOffset() - start, TimeSpan.FromHours(1), TimeSpan.FromHours(4));
                Assert.Equal("none", item.GetProperty("snippet").GetProperty("liveBroadcastContent").GetString());
            }
            else
            {
                Assert.Equal("live", item.GetProperty("snippet").GetProperty("liveBroadcastContent").GetString());
            }
        });
    }

    [Fact]
    public async Task LiveBroadcastContent_agrees_between_search_and_videos()
    {
        var time = new FakeTimeProvider(Now);
        await using var emulator = await RunningEmulator.StartAsync(
            Profiles.QuietYouTube(33).With("UpcomingBroadcastShare", "0.3").With("LiveBroadcastShare", "0.3"),
            time);
        await emulator.PublishAsync(new { query = "football", count = 40, spacing = "00:10:00" });

        for (var step = 0; step < 3; step++)
        {
            var search = (await emulator.SearchAsync("k", "part=snippet&type=video&order=date&q=football&maxResults=50")).Json
                .GetProperty("items").EnumerateArray()
                .ToDictionary(item => item.GetProperty("id").GetProperty("videoId").GetString()!, item => item.GetProperty("snippet").GetProperty("liveBroadcastContent").GetString());
            var videos = (await emulator.VideosAsync("k", $"part=snippet&id={string.Join(",", search.Keys)}")).Json
                .GetProperty("items").EnumerateArray()
                .ToDictionary(item => item.GetProperty("id").GetString()!, item => item.GetProperty("snippet").GetProperty("liveBroadcastContent").GetString());

            Assert.Equal(40, videos.Count);
            Assert.Equal(search.OrderBy(pair => pair.Key), videos.OrderBy(pair => pair.Key));
            if (step == 0)
            {
                Assert.Equal(["live", "none", "upcoming"], videos.Values.Distinct().Order());
            }

            time.Advance(TimeSpan.FromHours(5));
        }
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_details_and_another_seed_other_ones()
    {
        var first = await RunAsync(seed: 77);
        var again = await RunAsync(seed: 77);
        var other = await RunAsync(seed: 78);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);

        static async Task<List<string>> RunAsync(int seed)
        {
            var time = new FakeTimeProvider(Now);
            await using var emulator = await RunningEmulator.StartAsync(Profiles.QuietYouTube(seed).With("UpcomingBroadcastShare", "0.2").With("LiveBroadcastShare", "0.2"), time);
            var ids = (await emulator.PublishAsync(new { query = "football", count = 30, spacing = "00:30:00" })).EnumerateArray().Select(video => video.GetProperty("videoId").GetString()!).ToArray();
            var answers = new List<string>();
            foreach (var wait in new[] { TimeSpan.Zero, TimeSpan.FromHours(3), TimeSpan.FromDays(2) })
            {
                time.Advance(wait);
                answers.Add((await emulator.VideosAsync("k", $"{AllParts}&id={string.Join(",", ids)}")).Body);
            }

            return answers;
        }
    }

    [Fact]
    public async Task The_call_log_tells_the_method_and_how_many_ids_were_asked()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Projects:main"] = "k" });
        var id = await PublishOneAsync(emulator, new { query = "football" });

        await emulator.SearchAsync("k", "part=snippet&q=football");
        await emulator.VideosAsync("k", $"part=id&id={id},{id},unknownid00");
        await emulator.VideosAsync("k", "part=id");

        var calls = (await emulator.GetJsonAsync("admin/calls")).EnumerateArray().ToArray();
        Assert.Equal(["search.list", "videos.list", "videos.list"], calls.Select(call => call.GetProperty("method").GetString()));
        Assert.Equal(JsonValueKind.Null, calls[0].GetProperty("ids").ValueKind);
        Assert.Equal([3, 0], calls.Skip(1).Select(call => call.GetProperty("ids").GetInt32()));
        Assert.Equal(1, calls[1].GetProperty("items").GetInt32());
        Assert.Equal([200, 400], calls.Skip(1).Select(call => call.GetProperty("status").GetInt32()));
        Assert.Equal("missingRequiredParameter", calls[2].GetProperty("reason").GetString());
        Assert.All(calls, call => Assert.Equal("main", call.GetProperty("project").GetString()));
        Assert.Equal(JsonValueKind.Null, calls[1].GetProperty("query").ValueKind);
    }

    [Fact]
    public async Task Random_errors_and_rate_limits_apply_to_videos_list_too()
    {
        await using var failing = await RunningEmulator.StartAsync(Profiles.QuietYouTube().With("ErrorShare", "1").With("Projects:main", "k"));
        await using var limited = await RunningEmulator.StartAsync(Profiles.QuietYouTube().With("RateLimitShare", "1").With("Projects:main", "k"));
        var id = await PublishOneAsync(failing, new { query = "football" });

        var error = await failing.VideosAsync("k", $"part=id&id={id}");
        var refusals = new List<Reply>();
        for (var call = 0; call < 6; call++)
        {
            refusals.Add(await limited.VideosAsync("k", $"part=id&id={id}"));
        }

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "backendError"), (error.Status, error.Reason));
        Assert.Equal(1, (await ProjectAsync(failing, "main")).GetProperty("generalSpentUnits").GetInt32());
        Assert.All(refusals, refusal => Assert.Contains(refusal.Status, new[] { HttpStatusCode.Forbidden, HttpStatusCode.TooManyRequests }));
        Assert.All(refusals, refusal => Assert.Contains(refusal.Reason, new[] { "rateLimitExceeded" }));
        Assert.Equal(0, (await ProjectAsync(limited, "main")).GetProperty("generalSpentUnits").GetInt32());
    }

    [Fact]
    public async Task Injected_faults_name_the_method_they_are_for()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Projects:main"] = "k" });
        var id = await PublishOneAsync(emulator, new { query = "football" });
        await emulator.AddFaultAsync(new { kind = "status", status = 500 });
        await emulator.AddFaultAsync(new { kind = "malformed", method = "videos.list" });
        await emulator.AddFaultAsync(new { kind = "rate-limit", method = "videos.list" });
        using (var refused = await emulator.SendJsonAsync(HttpMethod.Post, "admin/faults", new { kind = "short-page", method = "videos.list" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var limited = await emulator.VideosAsync("k", $"part=id&id={id}");
        var malformed = await emulator.VideosAsync("k", $"part=id&id={id}");
        var fine = await emulator.VideosAsync("k", $"part=id&id={id}");
        var searchFault = await emulator.SearchAsync("k", "part=snippet&q=football");

        Assert.Equal((HttpStatusCode.Forbidden, "rateLimitExceeded"), (limited.Status, limited.Reason));
        Assert.Equal(HttpStatusCode.OK, malformed.Status);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(malformed.Body));
        Assert.Equal(HttpStatusCode.OK, fine.Status);
        Assert.Equal(HttpStatusCode.InternalServerError, searchFault.Status);
        Assert.Equal(0, (await emulator.GetJsonAsync("admin/faults")).GetArrayLength());
        Assert.Equal(2, (await ProjectAsync(emulator, "main")).GetProperty("generalSpentUnits").GetInt32());
    }

    [Fact]
    public async Task The_admin_api_shows_details_and_refuses_bad_ones()
    {
        var time = new FakeTimeProvider(Now);
        await using var emulator = await RunningEmulator.StartAsync(time: time);
        var id = await PublishOneAsync(emulator, new { query = "football" });

        var listed = await AdminDetailsAsync(emulator, id);
        Assert.Matches("^P", listed.GetProperty("duration").GetString());
        Assert.True(listed.GetProperty("durationSeconds").GetInt64() >= 15);
        Assert.Equal(JsonValueKind.Number, listed.GetProperty("viewCount").ValueKind);
        Assert.Equal(JsonValueKind.Number, listed.GetProperty("likeCount").ValueKind);
        Assert.Equal(JsonValueKind.Number, listed.GetProperty("commentCount").ValueKind);
        Assert.Equal("none", listed.GetProperty("live").GetString());
        Assert.False(listed.GetProperty("statisticsPinned").GetBoolean());

        var live = await SetDetailsAsync(emulator, id, new { live = "live" });
        Assert.Equal("live", live.GetProperty("live").GetString());
        Assert.InRange(live.GetProperty("durationSeconds").GetInt64(), 3_600, 4 * 3_600);
        Assert.Equal(Now.UtcDateTime, live.GetProperty("liveStartTime").GetDateTime());

        foreach (var bad in new object[]
        {
            new { duration = "5 minutes" },
            new { duration = "P0D" },
            new { viewCount = -1 },
            new { live = "soon" },
            new { definition = "4k" },
            new { live = "upcoming", scheduledStartTime = Now.AddMinutes(-1) },
        })
        {
            using var response = await emulator.SendJsonAsync(HttpMethod.Put, $"admin/videos/{id}/details", bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        // A broadcast already live cannot be rescheduled alone.
        using (var reschedule = await emulator.SendJsonAsync(HttpMethod.Put, $"admin/videos/{id}/details", new { scheduledStartTime = Now.AddHours(1) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, reschedule.StatusCode);
        }

        using (var unknown = await emulator.SendJsonAsync(HttpMethod.Put, "admin/videos/unknownid00/details", new { viewCount = 1 }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var ended = await SetDetailsAsync(emulator, id, new { live = "none", viewCount = 10 });
        Assert.Equal(("none", 10L, true), (ended.GetProperty("live").GetString(), ended.GetProperty("viewCount").GetInt64(), ended.GetProperty("statisticsPinned").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, ended.GetProperty("liveStartTime").ValueKind);
    }

    private static async Task<string> PublishOneAsync(RunningEmulator emulator, object body) =>
        (await emulator.PublishAsync(body))[0].GetProperty("videoId").GetString()!;

    private static async Task<JsonElement> SetDetailsAsync(RunningEmulator emulator, string id, object body)
    {
        using var response = await emulator.SendJsonAsync(HttpMethod.Put, $"admin/videos/{id}/details", body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("details");
    }

    private static async Task SetVisibilityAsync(RunningEmulator emulator, string id, string visibility)
    {
        using var response = await emulator.SendJsonAsync(HttpMethod.Post, $"admin/videos/{id}/visibility", new { visibility });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonElement> ReadAsync(RunningEmulator emulator, string id)
    {
        var reply = await emulator.VideosAsync("k", $"{AllParts}&id={id}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Json.GetProperty("items")[0];
    }

    private static async Task<string?> SearchLiveContentAsync(RunningEmulator emulator, string id)
    {
        var reply = await emulator.SearchAsync("k", "part=snippet&type=video&order=date&q=football&maxResults=50");
        return reply.Json.GetProperty("items").EnumerateArray()
            .Single(item => item.GetProperty("id").GetProperty("videoId").GetString() == id)
            .GetProperty("snippet").GetProperty("liveBroadcastContent").GetString();
    }

    private static async Task<JsonElement> AdminDetailsAsync(RunningEmulator emulator, string id) =>
        (await emulator.GetJsonAsync("admin/videos?include=all")).EnumerateArray()
            .Single(video => video.GetProperty("videoId").GetString() == id)
            .GetProperty("details");

    private static async Task<JsonElement> ProjectAsync(RunningEmulator emulator, string name) =>
        (await emulator.GetJsonAsync("admin/projects")).EnumerateArray().Single(project => project.GetProperty("name").GetString() == name);

    private static (int, int, int, int) Buckets(JsonElement project) => (
        project.GetProperty("dailyUnits").GetInt32(),
        project.GetProperty("spentUnits").GetInt32(),
        project.GetProperty("generalDailyUnits").GetInt32(),
        project.GetProperty("generalSpentUnits").GetInt32());

    private static long Count(JsonElement item, string name) =>
        long.Parse(item.GetProperty("statistics").GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static string PublishTime(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static long IsoSeconds(string iso)
    {
        Assert.True(YouTubeEmulator.Catalog.IsoDuration.TryParse(iso, out var duration));
        return (long)duration.TotalSeconds;
    }
}
