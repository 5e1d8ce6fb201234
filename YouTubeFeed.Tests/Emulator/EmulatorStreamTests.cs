using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using YouTubeFeed.YouTubeEmulator;

namespace YouTubeFeed.Tests.Emulator;

public sealed partial class EmulatorStreamTests
{
    [Fact]
    public async Task The_seed_spreads_each_topic_over_the_past_48_hours()
    {
        var now = new DateTimeOffset(2026, 2, 10, 9, 30, 0, TimeSpan.Zero);
        await using var emulator = await RunningEmulator.StartAsync(
            new Dictionary<string, string?> { ["Queries"] = "football, Chess", ["SeedVideosPerQuery"] = "120" },
            new FakeTimeProvider(now));

        foreach (var topic in new[] { "football", "chess" })
        {
            var videos = (await emulator.GetJsonAsync("admin/videos?query=" + topic)).EnumerateArray().ToArray();
            Assert.Equal(120, videos.Length);

            var times = videos.Select(video => DateTimeOffset.Parse(video.GetProperty("publishedAt").GetString()!, CultureInfo.InvariantCulture)).ToArray();
            Assert.All(times, time => Assert.InRange(time, now.AddHours(-48), now));
            Assert.True(times.Max() > now.AddHours(-2) && times.Min() < now.AddHours(-46), "the seed covers the whole window");

            var titles = videos.Select(video => video.GetProperty("title").GetString()!).ToArray();
            Assert.All(titles, title => Assert.Contains(topic, title, StringComparison.OrdinalIgnoreCase));
            Assert.True(titles.Distinct().Count() > 30, "titles vary");
            Assert.InRange(videos.Select(video => video.GetProperty("channelId").GetString()).Distinct().Count(), 10, 25);
            Assert.All(videos, video => Assert.Matches(VideoIdShape(), video.GetProperty("videoId").GetString()));
        }

        var all = (await emulator.GetJsonAsync("admin/videos")).EnumerateArray().Select(video => video.GetProperty("videoId").GetString()).ToArray();
        Assert.Equal(240, all.Distinct().Count());
    }

    [Fact]
    public async Task The_steady_stream_publishes_one_video_per_topic_and_tick_dated_now()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Queries"] = "football,chess",
            ["PublishInterval"] = "00:00:00.050",
        });
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        var count = 0;
        while (count < 3 && DateTime.UtcNow < deadline)
        {
            count = (await emulator.GetJsonAsync("admin/videos?query=chess")).GetArrayLength();
        }

        Assert.True(count >= 3, $"{count} chess videos after 10 s");
        var newest = (await emulator.GetJsonAsync("admin/videos?query=football"))[0];
        Assert.True(DateTimeOffset.Parse(newest.GetProperty("publishedAt").GetString()!, CultureInfo.InvariantCulture) >= started.AddSeconds(-1));
    }

    [Fact]
    public async Task Two_emulators_in_one_process_keep_separate_state()
    {
        await using var first = await RunningEmulator.StartAsync();
        await using var second = await RunningEmulator.StartAsync();

        await first.PublishAsync(new { query = "football", count = 4 });

        Assert.NotEqual(first.BaseAddress, second.BaseAddress);
        Assert.Equal(4, (await first.GetJsonAsync("admin/videos")).GetArrayLength());
        Assert.Equal(0, (await second.GetJsonAsync("admin/videos")).GetArrayLength());
    }

    [Theory]
    [InlineData("Keys", "k1:lots")]
    [InlineData("Keys", ":100")]
    [InlineData("Queries", " , ")]
    [InlineData("PublishInterval", "-00:00:01")]
    [InlineData("UnitsPerCall", "-1")]
    [InlineData("MaxTotalResults", "0")]
    [InlineData("Behaviour", "kind")]
    [InlineData("LateShare", "1.5")]
    [InlineData("ResultCapMin", "600")]
    public async Task Bad_configuration_stops_the_start(string name, string value)
    {
        await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { [name] = value });
        });
    }

    [Fact]
    public void The_options_defaults_match_the_documentation()
    {
        var options = new EmulatorOptions();

        Assert.Equal("football", options.Queries);
        Assert.Equal(120, options.SeedVideosPerQuery);
        Assert.Equal(TimeSpan.FromSeconds(5), options.PublishInterval);
        Assert.Null(options.DailyUnitsPerKey);
        Assert.Equal(10_000, options.DailyUnitsPerProject);
        Assert.Equal("youtube", options.Behaviour);
        Assert.Null(options.RandomSeed);
        Assert.Equal(100, options.UnitsPerCall);
        Assert.Equal(500, options.MaxTotalResults);
        Assert.Null(options.Keys);
        Assert.False(options.RejectUnknownKeys);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{11}$")]
    private static partial Regex VideoIdShape();
}
