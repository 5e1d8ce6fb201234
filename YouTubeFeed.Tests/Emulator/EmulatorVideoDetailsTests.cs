using System.Globalization;
using Microsoft.Extensions.Options;
using YouTubeFeed.YouTubeEmulator;
using YouTubeFeed.YouTubeEmulator.Catalog;
using YouTubeFeed.YouTubeEmulator.Realism;

namespace YouTubeFeed.Tests.Emulator;

/// <summary>The details videos.list serves, without HTTP: durations as YouTube writes them and the generated mix.</summary>
public sealed class EmulatorVideoDetailsTests
{
    private static readonly DateTimeOffset Published = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "P0D")]
    [InlineData(15, "PT15S")]
    [InlineData(60, "PT1M")]
    [InlineData(253, "PT4M13S")]
    [InlineData(3_600, "PT1H")]
    [InlineData(3_605, "PT1H5S")]
    [InlineData(3_723, "PT1H2M3S")]
    [InlineData(86_400, "P1D")]
    [InlineData(93_600, "P1DT2H")]
    [InlineData(90_061, "P1DT1H1M1S")]
    public void Durations_are_written_as_youtube_writes_them(int seconds, string expected)
    {
        Assert.Equal(expected, IsoDuration.Format(TimeSpan.FromSeconds(seconds)));
        Assert.True(IsoDuration.TryParse(expected, out var parsed));
        Assert.Equal(TimeSpan.FromSeconds(seconds), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("PT1.5S")]
    [InlineData("5M")]
    [InlineData("PT-1S")]
    [InlineData("pt1m")]
    public void Other_duration_texts_are_refused(string text) => Assert.False(IsoDuration.TryParse(text, out _));

    [Fact]
    public void The_generated_mix_is_about_the_documented_one()
    {
        var generator = Generator(seed: 5, new EmulatorOptions());
        var all = Enumerable.Range(0, 20_000).Select(index => generator.For($"video{index:D5}", Published)).ToArray();
        var uploads = all.Where(details => details.Live is null).Select(details => details.Duration.TotalSeconds).ToArray();

        Assert.InRange(Share(all, details => details.Live?.ScheduledStart is not null), 0.025, 0.035);
        Assert.InRange(Share(all, details => details.Live is { ScheduledStart: null }), 0.015, 0.025);
        Assert.InRange(Share(uploads, seconds => seconds <= 60), 0.19, 0.24);
        Assert.InRange(Share(uploads, seconds => seconds is > 60 and <= 180), 0.07, 0.11);
        Assert.InRange(Share(uploads, seconds => seconds <= 240), 0.32, 0.38);
        Assert.InRange(Share(uploads, seconds => seconds is > 240 and <= 1_200), 0.37, 0.43);
        Assert.InRange(Share(uploads, seconds => seconds > 1_200), 0.22, 0.28);
        Assert.All(uploads, seconds => Assert.InRange(seconds, 15, 3 * 3_600));
        Assert.All(uploads, seconds => Assert.Equal(Math.Round(seconds), seconds));
        Assert.InRange(Share(all, details => details.Definition == "hd"), 0.78, 0.82);
        var popularity = all.Select(details => details.Popularity).Order().ToArray();
        Assert.InRange(popularity[popularity.Length / 2], 1_700, 2_300);
        Assert.All(all, details => Assert.InRange(details.LikeRate, 0.02, 0.05));
        Assert.All(all, details => Assert.InRange(details.CommentRate, 0.001, 0.005));
        Assert.All(all.Where(details => details.Live is not null), details => Assert.Equal(details.Live!.Length, details.Duration));
    }

    [Fact]
    public void Broadcasts_are_scheduled_and_last_as_documented()
    {
        var generator = Generator(seed: 9, new EmulatorOptions { UpcomingBroadcastShare = 0.5, LiveBroadcastShare = 0.5 });
        var all = Enumerable.Range(0, 2_000).Select(index => generator.For($"live{index:D4}", Published)).ToArray();

        Assert.All(all, details => Assert.NotNull(details.Live));
        var scheduled = all.Where(details => details.Live!.ScheduledStart is not null).Select(details => details.Live!).ToArray();
        var unscheduled = all.Where(details => details.Live!.ScheduledStart is null).Select(details => details.Live!).ToArray();
        Assert.InRange(scheduled.Length, 900, 1_100);
        Assert.All(scheduled, live =>
        {
            Assert.Equal(live.ScheduledStart, live.ActualStart);
            Assert.InRange(live.ActualStart - Published, TimeSpan.FromHours(1), TimeSpan.FromHours(48));
            Assert.InRange(live.Length, TimeSpan.FromHours(1), TimeSpan.FromHours(4));
            Assert.Equal(LiveState.Upcoming, live.StateAt(Published));
            Assert.Equal(LiveState.Live, live.StateAt(live.ActualStart));
            Assert.Equal(LiveState.Ended, live.StateAt(live.ActualEnd));
        });
        Assert.All(unscheduled, live =>
        {
            Assert.Equal(Published, live.ActualStart);
            Assert.InRange(live.Length, TimeSpan.FromHours(1), TimeSpan.FromHours(6));
            Assert.Equal(LiveState.Live, live.StateAt(Published));
        });
    }

    [Fact]
    public void Details_are_a_function_of_seed_and_id_alone()
    {
        var one = Generator(seed: 3, new EmulatorOptions { Behaviour = "youtube" });
        var other = Generator(seed: 3, new EmulatorOptions { Behaviour = "youtube" });
        var reseeded = Generator(seed: 4, new EmulatorOptions { Behaviour = "youtube" });

        // The shared sequence moves on in between: details do not read it.
        var first = one.For("abcdefghijk", Published);
        other.For("somethingel", Published);

        Assert.Equal(first, other.For("abcdefghijk", Published));
        Assert.NotEqual(first, reseeded.For("abcdefghijk", Published));
    }

    [Fact]
    public void Counts_grow_with_age_and_stop_at_what_the_admin_pinned()
    {
        var details = new VideoDetails(TimeSpan.FromMinutes(5), "hd", false, 100_000, 0.04, 0.003, "17");
        var ages = new[] { -1.0, 0, 0.5, 1, 6, 24, 72, 24 * 30 }.Select(hours => Published.AddHours(hours)).ToArray();
        var counts = ages.Select(now => details.StatisticsAt(Published, now)).ToArray();

        Assert.Equal(0, counts[0].Views);
        Assert.Equal(0, counts[1].Views);
        Assert.Equal(counts.Select(count => count.Views).Order(), counts.Select(count => count.Views));
        Assert.True(counts[^1].Views > counts[3].Views * 10);
        Assert.Equal(50_000, details.StatisticsAt(Published, Published + VideoDetails.HalfViewsAfter).Views);
        Assert.All(counts, count =>
        {
            Assert.Equal((long)Math.Floor(count.Views * 0.04), count.Likes);
            Assert.Equal((long)Math.Floor(count.Views * 0.003), count.Comments);
        });

        var pinned = details with { ViewCount = 1_234, CommentCount = 7 };
        Assert.Equal(new VideoCounts(1_234, 49, 7), pinned.StatisticsAt(Published, Published.AddDays(100)));
    }

    private static VideoDetailsGenerator Generator(int seed, EmulatorOptions options)
    {
        options.RandomSeed = seed;
        var wrapped = Options.Create(options);
        return new VideoDetailsGenerator(new Chance(wrapped), new Behaviour(wrapped));
    }

    private static double Share<T>(IReadOnlyCollection<T> values, Func<T, bool> predicate) =>
        values.Count(predicate) / (double)values.Count;
}
