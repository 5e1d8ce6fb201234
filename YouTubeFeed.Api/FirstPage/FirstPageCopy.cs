using System.Collections.Concurrent;
using YouTubeFeed.Api.Http;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Api.FirstPage;

/// <summary>One first-page snapshot as this process holds it, and the responses rendered from it, keyed by endpoint and limit.</summary>
public sealed class FirstPageCopy(FirstPageSnapshot snapshot, DateTimeOffset loadedAt)
{
    private readonly ConcurrentDictionary<(string Endpoint, int Limit), RenderedResponse> rendered = new();
    private volatile bool expired;

    public FirstPageSnapshot Snapshot { get; } = snapshot;

    /// <summary>When this process last confirmed that the snapshot is the newest it can get.</summary>
    public DateTimeOffset LoadedAt { get; } = loadedAt;

    /// <summary>Set when a newer snapshot was announced: the copy is still served while the newer one loads.</summary>
    public bool Expired => expired;

    /// <summary>
    /// Where the list stood when the snapshot was read: its newest video and the read's instant. <c>/getData</c>'s
    /// deeper pages are read as of this point, so that they continue page 1 exactly (see OffsetPager.PageAsOfAsync).
    /// </summary>
    public (VideoPosition Head, DateTime AsOf)? Anchor =>
        Snapshot.Videos.Count == 0 ? null : (new VideoPosition(Snapshot.Videos[0].PublishedAt, Snapshot.Videos[0].VideoId), Snapshot.RefreshedAt);

    public void Expire() => expired = true;

    /// <summary>The same snapshot, confirmed again now (Redis has nothing newer): a fresh copy with the renderings kept.</summary>
    public FirstPageCopy Renewed(DateTimeOffset now)
    {
        var copy = new FirstPageCopy(Snapshot, now);
        foreach (var (key, response) in rendered)
        {
            copy.rendered.TryAdd(key, response);
        }

        return copy;
    }

    public RenderedResponse Render(string endpoint, int limit, Func<FirstPageSnapshot, int, RenderedResponse> render) =>
        rendered.GetOrAdd((endpoint, limit), key => render(Snapshot, key.Limit));
}
