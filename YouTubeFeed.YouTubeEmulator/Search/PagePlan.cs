using YouTubeFeed.YouTubeEmulator.Faults;
using YouTubeFeed.YouTubeEmulator.Realism;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>Which results a page holds and where its nextPageToken leads.</summary>
/// <param name="Count">Results from the request's offset.</param>
/// <param name="Next">Where the next page starts; null: this page ends the chain.</param>
/// <param name="Oddity">What was unusual: short-page, empty-page-with-token, repeated-token or cut; null for none.</param>
internal sealed record PagePlan(int Count, PagePosition? Next, string? Oddity)
{
    public const string ShortPage = "short-page";
    public const string EmptyPageWithToken = "empty-page-with-token";
    public const string RepeatedToken = "repeated-token";
    public const string Cut = "cut";
}

/// <summary>
/// Decides the unkind parts of paging: a total cap drawn per chain, short pages, empty pages that still carry a
/// token, tokens that lead back to the same page. Each is a function of the seed, the chain and the page's
/// position, so asking for a page again gives the same answer (a client that follows a repeated token loops).
/// </summary>
internal sealed class PagePlanner(Behaviour behaviour, Chance chance)
{
    public int CapOf(uint chain)
    {
        var width = behaviour.ResultCapMax - behaviour.ResultCapMin + 1;
        return behaviour.ResultCapMin + (int)(chance.Unit("cap", Name(chain)) * width);
    }

    public PagePlan Plan(SearchRequest request, int available, Fault? fault)
    {
        var position = request.Position;
        var reachable = Math.Min(available, CapOf(request.Chain));
        var remaining = Math.Max(0, reachable - position.Offset);
        var full = Math.Min(request.MaxResults, remaining);
        var hasMore = request.MaxResults > 0 && position.Offset + full < reachable;

        switch (fault?.Kind)
        {
            case FaultKind.EmptyPageWithToken:
                return new PagePlan(0, NextAfter(position, 0), PagePlan.EmptyPageWithToken);
            case FaultKind.RepeatedToken:
                return new PagePlan(full, position, PagePlan.RepeatedToken);
            case FaultKind.CutChain:
                return new PagePlan(full, null, PagePlan.Cut);
            case FaultKind.ShortPage:
                var count = Math.Clamp(fault.Items ?? ShortCount(request), 0, full);
                return new PagePlan(count, position.Offset + count < reachable ? NextAfter(position, count) : null, PagePlan.ShortPage);
        }

        if (!hasMore)
        {
            // Fewer results than the list holds: the chain's cap, not the end of the list, stopped it.
            return new PagePlan(full, null, position.Offset + full < available ? PagePlan.Cut : null);
        }

        var draw = chance.Unit("page", Name(request.Chain), Name((uint)position.Page), Name((uint)position.Offset));
        if ((draw -= behaviour.EmptyPageShare) < 0)
        {
            return new PagePlan(0, NextAfter(position, 0), PagePlan.EmptyPageWithToken);
        }

        if ((draw -= behaviour.RepeatedTokenShare) < 0)
        {
            return new PagePlan(full, position, PagePlan.RepeatedToken);
        }

        if ((draw -= behaviour.ShortPageShare) < 0 && request.MaxResults > 1)
        {
            var count = ShortCount(request);
            return new PagePlan(count, NextAfter(position, count), PagePlan.ShortPage);
        }

        return new PagePlan(full, NextAfter(position, full), null);
    }

    private static PagePosition NextAfter(PagePosition position, int count) =>
        position with { Offset = position.Offset + count, Page = position.Page + 1 };

    // Uniform in [1, maxResults − 1].
    private int ShortCount(SearchRequest request) => request.MaxResults <= 1
        ? request.MaxResults
        : 1 + (int)(chance.Unit("short", Name(request.Chain), Name((uint)request.Page), Name((uint)request.Offset)) * (request.MaxResults - 1));

    private static string Name(uint value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
