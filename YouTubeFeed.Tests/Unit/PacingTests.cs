using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using YouTubeFeed.Worker.Ingestion;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Tests.Unit;

public sealed class PacingTests
{
    [Fact]
    public void Midnight_pacific_follows_daylight_saving()
    {
        // 2026-07-01 is in PDT (UTC-7), 2026-12-01 in PST (UTC-8).
        Assert.Equal(new DateTimeOffset(2026, 7, 2, 7, 0, 0, TimeSpan.Zero), PacificTime.NextMidnight(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), PacificTime.NextMidnight(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 11, 30), PacificTime.Day(new DateTimeOffset(2026, 12, 1, 7, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void One_thousand_units_and_six_hours_give_one_cycle_per_36_minutes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero)); // 18:00 PST: 6 h to midnight
        var pacer = new QuotaPacer(Options.Create(new YouTubeOptions()), clock);
        var reset = PacificTime.NextMidnight(clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromHours(6), reset - clock.GetUtcNow());

        Assert.Equal(TimeSpan.FromMinutes(36), pacer.IntervalFor(new QuotaStatus(1, 1_000, reset, clock.GetUtcNow())));
        Assert.Equal(TimeSpan.FromSeconds(10), pacer.IntervalFor(new QuotaStatus(1, 1_000_000, reset, clock.GetUtcNow())));
    }

    [Fact]
    public void Pacing_counts_every_query_and_can_be_turned_off()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        var reset = PacificTime.NextMidnight(clock.GetUtcNow());
        var quota = new QuotaStatus(1, 1_000, reset, clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(72), new QuotaPacer(Options.Create(new YouTubeOptions { Query = "a,b" }), clock).IntervalFor(quota));
        Assert.Equal(TimeSpan.FromSeconds(10), new QuotaPacer(Options.Create(new YouTubeOptions { QuotaPacing = false }), clock).IntervalFor(quota));
    }
}
