namespace YouTubeFeed.YouTubeEmulator.Realism;

/// <summary>
/// How long after its publication search starts listing a video. YouTube's search index lags its database:
/// most uploads are findable at once, some only minutes or hours later.
/// </summary>
internal sealed class IndexingDelay(Behaviour behaviour, Chance chance)
{
    public TimeSpan Draw()
    {
        if (behaviour.LateShare <= 0 || chance.Next() >= behaviour.LateShare)
        {
            return TimeSpan.Zero;
        }

        var span = behaviour.LateDelayMax - behaviour.LateDelayMin;
        // Whole seconds, like every time the emulator shows.
        return TimeSpan.FromSeconds(Math.Round((behaviour.LateDelayMin + (span * chance.Next())).TotalSeconds));
    }
}
