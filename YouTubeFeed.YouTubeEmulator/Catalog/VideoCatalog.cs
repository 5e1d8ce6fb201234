namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>All published videos, indexed per topic and overall, each index kept sorted.</summary>
internal sealed class VideoCatalog(VideoIdGenerator ids, VideoDetailsGenerator details)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, SortedVideoList> byTopic = new(Topics.Comparer);
    private readonly SortedVideoList all = new();
    private readonly Dictionary<string, Video> byId = new(StringComparer.Ordinal);

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
                while (byId.ContainsKey(unique.VideoId))
                {
                    // Details are a function of the id: a new id gets its own.
                    var videoId = ids.NextVideoId();
                    unique = unique with { VideoId = videoId, Details = details.For(videoId, unique.PublishedAt) };
                }

                byId.Add(unique.VideoId, unique);
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
    public Video? SetVisibility(string videoId, Visibility visibility) =>
        Update(videoId, current => current with { Visibility = visibility });

    /// <summary>Changes a video's details, atomically with respect to every other change.</summary>
    /// <returns>The video as changed; null when no video has that id.</returns>
    public Video? SetDetails(string videoId, Func<Video, VideoDetails> change) =>
        Update(videoId, current => current with { Details = change(current) });

    /// <summary>The videos of these ids that exist (whatever their visibility), in the order asked, each once.</summary>
    public IReadOnlyList<Video> Find(IEnumerable<string> videoIds)
    {
        lock (gate)
        {
            var found = new List<Video>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var videoId in videoIds)
            {
                if (seen.Add(videoId) && byId.TryGetValue(videoId, out var video))
                {
                    found.Add(video);
                }
            }

            return found;
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
            byId.Clear();
        }
    }

    private Video? Update(string videoId, Func<Video, Video> change)
    {
        lock (gate)
        {
            if (!byId.TryGetValue(videoId, out var current))
            {
                return null;
            }

            var updated = change(current);
            byId[videoId] = updated;
            all.Replace(updated);
            byTopic[current.Topic].Replace(updated);
            return updated;
        }
    }

    private SortedVideoList? Index(string? topic) =>
        string.IsNullOrWhiteSpace(topic) ? all : byTopic.GetValueOrDefault(Topics.Normalize(topic));
}
