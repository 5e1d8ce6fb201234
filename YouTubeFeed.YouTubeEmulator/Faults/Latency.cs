namespace YouTubeFeed.YouTubeEmulator.Faults;

/// <summary>Extra delay before every API call (search.list, videos.list) answers, to make a slow network.</summary>
internal sealed class Latency
{
    private long ticks;

    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref ticks));
        set => Interlocked.Exchange(ref ticks, value.Ticks);
    }
}
