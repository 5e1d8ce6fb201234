namespace YouTubeFeed.Worker.Coverage;

/// <summary>Disjoint <see cref="Span"/>s in ascending order, merged as they touch.</summary>
public sealed class SpanSet
{
    private readonly List<Span> spans = [];

    public SpanSet()
    {
    }

    public SpanSet(IEnumerable<Span> initial)
    {
        foreach (var span in initial)
        {
            Add(span);
        }
    }

    public IReadOnlyList<Span> Spans => spans;

    public bool IsEmpty => spans.Count == 0;

    public DateTime? Top => spans.Count == 0 ? null : spans[^1].High;

    public DateTime? Bottom => spans.Count == 0 ? null : spans[0].Low;

    public void Add(Span span)
    {
        if (span.IsEmpty)
        {
            return;
        }

        var (low, high) = (span.Low, span.High);
        var merged = new List<Span>(spans.Count + 1);
        var placed = false;
        foreach (var existing in spans)
        {
            if (existing.High < low)
            {
                merged.Add(existing);
            }
            else if (existing.Low > high)
            {
                if (!placed)
                {
                    merged.Add(new Span(low, high));
                    placed = true;
                }

                merged.Add(existing);
            }
            else
            {
                low = existing.Low < low ? existing.Low : low;
                high = existing.High > high ? existing.High : high;
            }
        }

        if (!placed)
        {
            merged.Add(new Span(low, high));
        }

        spans.Clear();
        spans.AddRange(merged);
    }

    /// <summary>
    /// How far up the set reaches without a hole from <paramref name="from"/>: the largest h with (from, h] covered,
    /// or <paramref name="from"/> itself when the instant just after it is not covered.
    /// </summary>
    public DateTime ReachFrom(DateTime from)
    {
        foreach (var span in spans)
        {
            if (span.Low <= from && span.High > from)
            {
                return span.High;
            }
        }

        return from;
    }

    /// <summary>The holes between <paramref name="floor"/> and <paramref name="ceiling"/>, newest first.</summary>
    public IEnumerable<Span> Holes(DateTime floor, DateTime ceiling)
    {
        var holes = new List<Span>();
        var cursor = floor;
        foreach (var span in spans)
        {
            if (span.High <= cursor)
            {
                continue;
            }

            if (span.Low >= ceiling)
            {
                break;
            }

            if (span.Low > cursor)
            {
                holes.Add(new Span(cursor, span.Low));
            }

            cursor = span.High;
        }

        if (cursor < ceiling)
        {
            holes.Add(new Span(cursor, ceiling));
        }

        holes.Reverse();
        return holes;
    }

    /// <summary>Forgets everything at or before <paramref name="instant"/> (it is settled, or out of scope).</summary>
    public void TrimBelow(DateTime instant)
    {
        for (var i = spans.Count - 1; i >= 0; i--)
        {
            if (spans[i].High <= instant)
            {
                spans.RemoveAt(i);
            }
            else if (spans[i].Low < instant)
            {
                spans[i] = spans[i] with { Low = instant };
            }
        }
    }
}
