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

    /// <summary>Newest first, what search lists at <paramref name="now"/> within the inclusive bounds.</summary>
    /// <param name="topic">Null or blank: every topic.</param>
    public List<Video> Listed(string? topic, DateTimeOffset? after, DateTimeOffset? before, DateTimeOffset now)
    {
        lock (gate)
        {
            return Index(topic)?.Listed(after, before, now) ?? [];
        }
    }

    /// <returns>The video as changed; null when no video has that id.</returns>
    public Video? SetVisibility(string videoId, Visibility visibility)
    {
        lock (gate)
        {
            var current = all.NewestFirst().FirstOrDefault(video => video.VideoId == videoId);
            if (current is null)
            {
                return null;
            }

            var updated = current with { Visibility = visibility };
            all.Replace(updated);
            byTopic[current.Topic].Replace(updated);
            return updated;
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
