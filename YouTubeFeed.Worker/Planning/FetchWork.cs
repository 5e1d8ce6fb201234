using YouTubeFeed.Worker.Coverage;

namespace YouTubeFeed.Worker.Planning;

public enum WorkKind
{
    /// <summary>The first read of a query: everything YouTube returns for it, newest first (one chain of about 500).</summary>
    FirstRead,

    /// <summary>A first read that stopped early, carried on below what it read (until its chain ends).</summary>
    Backfill,

    /// <summary>New videos: from now down to the watermark.</summary>
    Head,

    /// <summary>A stretch below the watermark not read yet (a read that stopped early).</summary>
    Gap,

    /// <summary>Publish times read again once they reached a late-sweep age, for videos YouTube indexed late.</summary>
    Sweep,
}

/// <summary>One read the planner decided on.</summary>
/// <param name="Target">What must be covered: the gap or the sweep's span; null for a head or backfill (it is read up to now).</param>
/// <param name="SweepAge">For a sweep: its age.</param>
/// <param name="Grant">
/// The calls this read may spend (what is left unread stays in the ledger for later). Unless <paramref name="Strict"/>,
/// a read of new videos goes on past it while its pages still bring new videos, up to the tick's page limit: a page
/// of new videos is the best use of a call.
/// </param>
/// <param name="Reason">Why now, for the decision's log line.</param>
public sealed record FetchWork(string Query, WorkKind Kind, Span? Target, TimeSpan? SweepAge, int Grant, string Reason, bool Strict = false);
