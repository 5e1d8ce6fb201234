using System.Collections.Concurrent;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// What the last search probe saw of each word (the terms it starts and the optimizer's estimate of its rows), the
/// videos table's row estimate, whether videos waited for their terms, how many rows of one term the last
/// intersection read over the span of another's, and which videos the first page of each search held: enough to plan
/// a repeated search before its probe has answered, so that the first chunk of its intersection (and the guessed
/// page's videos) travel with the probe (<see cref="EarlyChunk"/>).
/// </summary>
/// <remarks>
/// Only a plan and a guess are taken from here, never an answer: the probe still reads each word's terms in the same
/// round trip, and the reads made on this plan are used only when they are unchanged and no video waits for its terms.
/// A page's videos read on a guess are used only for the matches the search's own intersection finds. A stale
/// estimate can only make the plan less apt (another word drives, the first chunk is sized otherwise), as an
/// estimate of the optimizer's can. One instance serves every request of a process: lock-free, and each map is
/// emptied when a new entry would take it past <see cref="Capacity"/>.
/// </remarks>
internal sealed class SearchWordFacts(TimeProvider time)
{
    public const int Capacity = 4096;

    /// <summary>
    /// How long a word's estimate plans the searches planned before their probe, which then reads only the terms (the
    /// estimates are the probe's <c>EXPLAIN</c>, about 0.06 ms of a search at 1,000,000 videos). Such a search that
    /// cannot use its early chunk (its words start other terms now, or videos wait) is planned after its probe with
    /// these same estimates.
    /// </summary>
    public static readonly TimeSpan EstimateLifetime = TimeSpan.FromSeconds(5);

    private readonly BoundedMap<string, (List<string> Terms, double Estimate, long EstimatedAt)> words = new(StringComparer.Ordinal);
    private readonly BoundedMap<(string Driver, string Lookup), double> ratios = new(EqualityComparer<(string, string)>.Default);
    private readonly BoundedMap<string, string[]> pages = new(StringComparer.Ordinal);
    private double videos;
    private volatile bool queuedSeen;

    /// <summary>Whether the last probe found videos waiting for their terms (an early chunk would then be read in vain).</summary>
    public bool QueuedSeen => queuedSeen;

    /// <summary>
    /// Keeps what a probe read: whether videos were queued; for several words, each one's terms, and when the probe
    /// read estimates (<paramref name="estimates"/> not null), each one's estimate and the table's rows.
    /// </summary>
    public void Remember(bool queued, IReadOnlyList<string> queryWords, IReadOnlyList<List<string>> terms, IReadOnlyList<double>? estimates, double videoRows)
    {
        queuedSeen = queued;
        if (queryWords.Count < 2)
        {
            return;
        }

        if (estimates is null)
        {
            for (var i = 0; i < queryWords.Count; i++)
            {
                if (words.TryGet(queryWords[i], out var seen) && !seen.Terms.SequenceEqual(terms[i], StringComparer.Ordinal))
                {
                    words.Set(queryWords[i], seen with { Terms = terms[i] });
                }
            }

            return;
        }

        if (videoRows <= 0)
        {
            return;
        }

        var now = time.GetTimestamp();
        for (var i = 0; i < queryWords.Count; i++)
        {
            words.Set(queryWords[i], (terms[i], estimates[i], now));
        }

        Volatile.Write(ref videos, videoRows);
    }

    /// <summary>
    /// Keeps how many rows of a looked-up term a search read over the span of a driving term's rows, for each of
    /// those: the head of the next such search is sized from it rather than from the two estimates.
    /// </summary>
    public void RememberRatio(string driverTerm, string lookupTerm, double ratio) => ratios.Set((driverTerm, lookupTerm), ratio);

    /// <summary>The ratio <see cref="RememberRatio"/> last kept for the two terms, if any.</summary>
    public double? RecallRatio(string driverTerm, string lookupTerm) =>
        ratios.TryGet((driverTerm, lookupTerm), out var ratio) ? ratio : null;

    /// <summary>
    /// Keeps which videos the first page of an intersection held, by <see cref="EarlyChunk.PageKey"/>: the next
    /// identical search reads those videos with its probe, and reads by key only those its own intersection finds besides.
    /// </summary>
    public void RememberPage(string page, string[] videoIds) => pages.Set(page, videoIds);

    /// <summary>The videos <see cref="RememberPage"/> last kept for the page, if any.</summary>
    public string[]? RecallPage(string page) => pages.TryGet(page, out var videoIds) ? videoIds : null;

    /// <summary>
    /// What was last seen of every word of the query, and whether every estimate is younger than
    /// <see cref="EstimateLifetime"/>; false when any word is unknown.
    /// </summary>
    public bool TryRecall(IReadOnlyList<string> queryWords, out List<string>[] terms, out double[] estimates, out double videoRows, out bool fresh)
    {
        terms = new List<string>[queryWords.Count];
        estimates = new double[queryWords.Count];
        videoRows = Volatile.Read(ref videos);
        fresh = true;
        for (var i = 0; i < queryWords.Count; i++)
        {
            if (!words.TryGet(queryWords[i], out var seen))
            {
                return false;
            }

            (terms[i], estimates[i]) = (seen.Terms, seen.Estimate);
            fresh &= time.GetElapsedTime(seen.EstimatedAt) < EstimateLifetime;
        }

        return videoRows > 0;
    }

    /// <summary>
    /// A concurrent map emptied when a new key would take it past <see cref="Capacity"/>. Its size is counted here:
    /// <see cref="ConcurrentDictionary{TKey, TValue}.Count"/> takes every lock of the map, on every request.
    /// </summary>
    private sealed class BoundedMap<TKey, TValue>(IEqualityComparer<TKey> comparer)
        where TKey : notnull
    {
        private readonly ConcurrentDictionary<TKey, TValue> map = new(comparer);
        private int count;

        public bool TryGet(TKey key, out TValue value) => map.TryGetValue(key, out value!);

        public void Set(TKey key, TValue value)
        {
            if (map.TryGetValue(key, out _))
            {
                map[key] = value;
                return;
            }

            if (Interlocked.Increment(ref count) > Capacity)
            {
                // Races may clear twice or keep a few entries past the count: a bound, not an exact size.
                map.Clear();
                Interlocked.Exchange(ref count, 1);
            }

            map[key] = value;
        }
    }
}
