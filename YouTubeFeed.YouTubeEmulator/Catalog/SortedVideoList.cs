namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>
/// Videos kept sorted oldest first, so a search is two binary searches and an index walk rather than a sort.
/// New videos are usually the newest and land at the end. Not thread-safe: <see cref="VideoCatalog"/> locks.
/// </summary>
internal sealed class SortedVideoList
{
    // A batch this large is appended and sorted once; inserting one by one would shift the list each time.
    private const int BulkThreshold = 64;

    private readonly List<Video> ascending = [];

    public int Count => ascending.Count;

    public void Add(Video video)
    {
        if (ascending.Count == 0 || VideoOrder.Ascending.Compare(ascending[^1], video) <= 0)
        {
            ascending.Add(video);
            return;
        }

        var index = ascending.BinarySearch(video, VideoOrder.Ascending);
        ascending.Insert(index < 0 ? ~index : index, video);
    }

    public void AddRange(IReadOnlyCollection<Video> videos)
    {
        if (videos.Count < BulkThreshold)
        {
            foreach (var video in videos)
            {
                Add(video);
            }

            return;
        }

        ascending.AddRange(videos);
        ascending.Sort(VideoOrder.Ascending);
    }

    public void Clear() => ascending.Clear();

    /// <summary>Newest first, the videos published within the inclusive bounds that search lists at
    /// <paramref name="now"/>.</summary>
    public List<Video> Listed(DateTimeOffset? after, DateTimeOffset? before, DateTimeOffset now)
    {
        var low = after is { } a ? FirstAtOrAfter(a) : 0;
        var high = before is { } b ? FirstAfter(b) : ascending.Count;
        var listed = new List<Video>(Math.Max(0, high - low));
        for (var index = high - 1; index >= low; index--)
        {
            if (ascending[index].IsListedAt(now))
            {
                listed.Add(ascending[index]);
            }
        }

        return listed;
    }

    /// <summary>Puts <paramref name="updated"/> in place of the video of the same id and publication time.</summary>
    public bool Replace(Video updated)
    {
        var index = ascending.BinarySearch(updated, VideoOrder.Ascending);
        if (index < 0)
        {
            return false;
        }

        ascending[index] = updated;
        return true;
    }

    public IEnumerable<Video> NewestFirst()
    {
        for (var index = ascending.Count - 1; index >= 0; index--)
        {
            yield return ascending[index];
        }
    }

    private int FirstAtOrAfter(DateTimeOffset instant) => Partition(video => video.PublishedAt < instant);

    private int FirstAfter(DateTimeOffset instant) => Partition(video => video.PublishedAt <= instant);

    // The first index whose video does not satisfy isBefore (which holds for a prefix of the list).
    private int Partition(Func<Video, bool> isBefore)
    {
        int low = 0, high = ascending.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (isBefore(ascending[middle]))
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
