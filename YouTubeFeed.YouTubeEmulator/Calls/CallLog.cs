namespace YouTubeFeed.YouTubeEmulator.Calls;

/// <summary>
/// API calls (search.list and videos.list) in arrival order. A call is entered when it arrives and completed when it answers, so a slow
/// call keeps its place among the calls that overtook it.
/// </summary>
internal sealed class CallLog
{
    private readonly Lock gate = new();
    private readonly List<Entry> entries = [];

    public Entry Begin(RecordedCall call)
    {
        var entry = new Entry(call);
        lock (gate)
        {
            entries.Add(entry);
        }

        return entry;
    }

    public void Complete(Entry entry, RecordedCall call)
    {
        lock (gate)
        {
            entry.Call = call;
        }
    }

    public IReadOnlyList<RecordedCall> List()
    {
        lock (gate)
        {
            return entries.Select(entry => entry.Call).ToArray();
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }

    internal sealed class Entry(RecordedCall call)
    {
        public RecordedCall Call { get; set; } = call;
    }
}
