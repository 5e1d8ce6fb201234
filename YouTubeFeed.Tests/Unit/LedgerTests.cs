using YouTubeFeed.Worker.Coverage;

namespace YouTubeFeed.Tests.Unit;

public sealed class LedgerTests
{
    private static readonly DateTime T0 = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan[] Ages = [TimeSpan.FromHours(2), TimeSpan.FromHours(6)];

    private static DateTime At(double minutes) => T0.AddMinutes(minutes);

    [Fact]
    public void Spans_merge_when_they_touch_and_holes_are_listed_newest_first()
    {
        var set = new SpanSet([new Span(At(0), At(10)), new Span(At(20), At(30))]);
        set.Add(new Span(At(10), At(15)));
        Assert.Equal([new Span(At(0), At(15)), new Span(At(20), At(30))], set.Spans);
        Assert.Equal([new Span(At(30), At(40)), new Span(At(15), At(20)), new Span(At(-5), At(0))], set.Holes(At(-5), At(40)));
        set.Add(new Span(At(14), At(21)));
        Assert.Equal([new Span(At(0), At(30))], set.Spans);
        Assert.Equal(At(30), set.ReachFrom(At(5)));
        Assert.Equal(At(-1), set.ReachFrom(At(-1)));
    }

    [Fact]
    public void A_read_that_starts_above_the_watermark_leaves_the_stretch_between_as_a_gap_until_it_is_read()
    {
        var ledger = new QueryLedger("q", Ages);
        ledger.RecordRead(new Span(At(0), At(60)), At(60));
        ledger.SetFloor(At(0), At(360));
        Assert.Empty(ledger.Gaps());

        // A read at 120 that stopped after its first page, whose oldest result was published at 100.
        ledger.RecordRead(new Span(At(100), At(120)), At(120));
        Assert.Equal([new Span(At(60), At(100))], ledger.Gaps());
        Assert.Equal(At(120), ledger.Top);

        ledger.RecordRead(new Span(At(80), At(100)), At(125));
        Assert.Equal([new Span(At(60), At(80))], ledger.Gaps());
        ledger.RecordRead(new Span(At(59), At(80)), At(126));
        Assert.Empty(ledger.Gaps());
    }

    [Fact]
    public void A_sweep_is_due_for_what_reached_its_age_and_a_read_counts_at_an_age_only_for_what_was_that_old()
    {
        var ledger = new QueryLedger("q", Ages);
        ledger.RecordRead(new Span(At(0), At(60)), At(60));
        ledger.SetFloor(At(0), At(360));
        Assert.Null(ledger.DueSweep(TimeSpan.FromHours(2), At(100)));
        Assert.Equal(new Span(At(0), At(60)), ledger.DueSweep(TimeSpan.FromHours(2), At(180)));

        // Read again at 150: only what was published by 30 was two hours old then.
        ledger.RecordRead(new Span(At(0), At(150)), At(150));
        Assert.Equal(new Span(At(30), At(60)), ledger.DueSweep(TimeSpan.FromHours(2), At(180)));
        Assert.Equal(new Span(At(0), At(10)), ledger.DueSweep(TimeSpan.FromHours(6), At(370)));
    }

    [Fact]
    public void Late_sweeps_start_a_late_window_before_the_first_read_even_when_the_backfill_ended_later()
    {
        var ledger = new QueryLedger("q", Ages);
        ledger.RecordRead(new Span(At(30), At(60)), At(60));
        ledger.SetFloor(At(30), At(60));
        Assert.Empty(ledger.Gaps());
        // What was published in the six hours before the first read is swept when it is old enough, like any other time.
        Assert.Equal(new Span(At(60 - 360), At(60)), ledger.DueSweep(TimeSpan.FromHours(2), At(180)));
    }

    [Fact]
    public void The_ledger_survives_being_stored_and_read_back()
    {
        var ledger = new QueryLedger("q", Ages);
        ledger.AddSeen([At(1), At(5), At(30)]);
        ledger.RecordRead(new Span(At(0), At(60)), At(60));
        ledger.SetFloor(At(0), At(360));
        ledger.RecordRead(new Span(At(100), At(120)), At(200));
        ledger.LastHeadAt = At(120);
        ledger.FirstReadAt = At(60);
        ledger.LastSweepAt[TimeSpan.FromHours(2)] = At(121);
        ledger.Rate.CountNew(At(5));
        ledger.Rate.Close(At(0), At(190));

        var copy = new QueryLedger("q", Ages);
        Assert.True(LedgerJson.TryRead(LedgerJson.Write(ledger), copy));
        Assert.Equal(ledger.Top, copy.Top);
        Assert.Equal(ledger.Floor, copy.Floor);
        Assert.Equal(ledger.Gaps(), copy.Gaps());
        Assert.Equal(ledger.LastHeadAt, copy.LastHeadAt);
        Assert.Equal(ledger.FirstReadAt, copy.FirstReadAt);
        Assert.Equal(ledger.LastSweepAt, copy.LastSweepAt);
        Assert.Equal(ledger.Anchors, copy.Anchors);
        Assert.Equal(ledger.Rate.Hourly, copy.Rate.Hourly);
        Assert.Equal(ledger.DueSweep(TimeSpan.FromHours(2), At(400)), copy.DueSweep(TimeSpan.FromHours(2), At(400)));
        Assert.Equal(DateTimeKind.Utc, copy.Top!.Value.Kind);
    }

    [Fact]
    public void A_read_aims_just_below_its_bottom_at_a_known_video_and_further_down_when_the_page_has_room()
    {
        var ledger = new QueryLedger("q", Ages);
        ledger.AddSeen([At(1), At(5), At(30), At(50)]);
        Assert.Equal(At(30), ledger.RequestAfterFor(At(40), 0));
        Assert.Equal(At(1), ledger.RequestAfterFor(At(40), 2));
        Assert.Equal(At(1), ledger.RequestAfterFor(At(40), 10));
        Assert.Equal(At(-3), ledger.RequestAfterFor(At(-3), 0));
        Assert.Equal(2, ledger.KnownWithin(new Span(At(1), At(30))));
    }
}
