namespace YouTubeFeed.Worker.Coverage;

/// <summary>
/// Which publish times have been read (by one standard: at all, or at a given age): everything at or before
/// <see cref="Settled"/>, and the <see cref="Above"/> spans beyond it, with holes between them still to read.
/// </summary>
public sealed class ReadCoverage
{
    /// <summary>Everything at or before this instant is read (null: nothing is settled yet, e.g. while backfilling).</summary>
    public DateTime? Settled { get; private set; }

    public SpanSet Above { get; } = new();

    /// <summary>The newest instant read.</summary>
    public DateTime? Top => Above.Top is { } top && (Settled is null || top > Settled) ? top : Settled;

    public static ReadCoverage From(DateTime? settled, IEnumerable<Span> above)
    {
        var coverage = new ReadCoverage();
        foreach (var span in above)
        {
            coverage.Above.Add(span);
        }

        if (settled is { } instant)
        {
            coverage.Settle(instant);
        }

        return coverage;
    }

    public void Add(Span span)
    {
        Above.Add(span);
        Absorb();
    }

    /// <summary>Declares everything at or before <paramref name="instant"/> read (never moves backwards).</summary>
    public void Settle(DateTime instant)
    {
        if (Settled is null || instant > Settled)
        {
            Settled = instant;
        }

        Absorb();
    }

    /// <summary>Whether <paramref name="instant"/> has been read (by this coverage's standard).</summary>
    public bool Contains(DateTime instant) =>
        (Settled is { } settled && instant <= settled) || Above.Spans.Any(span => span.Contains(instant));

    /// <summary>The holes between what is settled and <paramref name="ceiling"/>, newest first.</summary>
    public IEnumerable<Span> Holes(DateTime ceiling) =>
        Settled is { } settled ? Above.Holes(settled, ceiling) : [];

    private void Absorb()
    {
        if (Settled is not { } settled)
        {
            return;
        }

        var reach = Above.ReachFrom(settled);
        Settled = reach;
        Above.TrimBelow(reach);
    }
}
