namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>All published videos, indexed per topic and overall, each index kept sorted.</summary>
internal sealed class VideoCatalog(VideoIdGenerator ids)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, SortedVideoList> byTopic = new(Topics.Comparer);
    private readonly SortedVideoList all = new();
    private readonly HashSet<string> videoIds = new(StringComparer.Ordinal);

    /// <summary>Stores the videos; one whose id is taken gets a fresh id (ids are unique catalog-wide).</summary>
    /// <returns>The videos as stored.</returns>
    public IReadOnlyList<Video> Publish(IReadOnlyList<Video> videos)
    {
        var stored = new List<Video>(videos.Count);
        lock (gate)
        {
            foreach (var video in videos)
            {
                var unique = video;
                while (!videoIds.Add(unique.VideoId))
                {
                    unique = unique with { VideoId = ids.NextVideoId() };
                }

                stored.Add(unique);
            }

            all.AddRange(stored);
            foreach (var topic in stored.GroupBy(video => video.Topic, Topics.Comparer))
            {
                if (!byTopic.TryGetValue(topic.Key, out var list))
                {
                    list = new SortedVideoList();
                    byTopic.Add(topic.Key, list);
                }

                list.AddRange(topic.ToArray());
            }
        }

        return stored;
    }

    /// <param name="topic">Null or blank: every topic.</param>
    public SearchSlice Search(string? topic, DateTimeOffset? after, DateTimeOffset? before, int offset, int limit, int cap)
    {
        lock (gate)
        {
            var list = Index(topic);
            return list is null
                ? new SearchSlice([], 0, false)
                : list.Slice(after, before, offset, limit, cap);
        }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<Video> List(string? topic)
    {
        lock (gate)
        {
            return Index(topic)?.NewestFirst().ToArray() ?? [];
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            byTopic.Clear();
            all.Clear();
            videoIds.Clear();
        }
    }

    private SortedVideoList? Index(string? topic) =>
        string.IsNullOrWhiteSpace(topic) ? all : byTopic.GetValueOrDefault(Topics.Normalize(topic));
}
