using System.Collections.Concurrent;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// What the last search probe saw of each word (the terms it starts and the optimizer's estimate of its rows), the
/// videos table's row estimate, and how many rows of one term the last intersection read over the span of another's:
/// enough to plan a repeated search before its probe has answered, so that the first chunk of its intersection
/// travels with the probe (<see cref="EarlyChunk"/>).
/// </summary>
/// <remarks>
/// Only a plan is taken from here, never an answer: the probe still reads each word's terms in the same round trip,
/// and the reads made on this plan are used only when they are unchanged and no video waits for its terms. A stale
/// estimate can only make the plan less apt (another word drives, the first chunk is sized otherwise), as an
/// estimate of the optimizer's can. Bounded: each map is emptied when it holds <see cref="Capacity"/> entries.
/// </remarks>
internal sealed class SearchWordFacts
{
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, (List<string> Terms, double Estimate)> words = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Driver, string Lookup), double> ratios = new();
    private double videos;

    /// <summary>Keeps what a probe of several words read: each word's terms and estimate, and the table's rows.</summary>
    public void Remember(IReadOnlyList<string> queryWords, IReadOnlyList<List<string>> terms, IReadOnlyList<double> estimates, double videoRows)
    {
        if (videoRows <= 0)
        {
            return;
        }

        if (words.Count + queryWords.Count > Capacity)
        {
            words.Clear();
        }

        for (var i = 0; i < queryWords.Count; i++)
        {
            words[queryWords[i]] = (terms[i], estimates[i]);
        }

        Volatile.Write(ref videos, videoRows);
    }

    /// <summary>
    /// Keeps how many rows of a looked-up term a search read over the span of a driving term's rows, for each of
    /// those: the head of the next such search is sized from it rather than from the two estimates.
    /// </summary>
    public void RememberRatio(string driverTerm, string lookupTerm, double ratio)
    {
        if (ratios.Count >= Capacity)
        {
            ratios.Clear();
        }

        ratios[(driverTerm, lookupTerm)] = ratio;
    }

    /// <summary>The ratio <see cref="RememberRatio"/> last kept for the two terms, if any.</summary>
    public double? RecallRatio(string driverTerm, string lookupTerm) =>
        ratios.TryGetValue((driverTerm, lookupTerm), out var ratio) ? ratio : null;

    /// <summary>What was last seen of every word of the query; false when any word is unknown.</summary>
    public bool TryRecall(IReadOnlyList<string> queryWords, out List<string>[] terms, out double[] estimates, out double videoRows)
    {
        terms = new List<string>[queryWords.Count];
        estimates = new double[queryWords.Count];
        videoRows = Volatile.Read(ref videos);
        for (var i = 0; i < queryWords.Count; i++)
        {
            if (!words.TryGetValue(queryWords[i], out var seen))
            {
                return false;
            }

            (terms[i], estimates[i]) = seen;
        }

        return videoRows > 0;
    }
}
