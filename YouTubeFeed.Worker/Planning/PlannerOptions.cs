using System.ComponentModel.DataAnnotations;

namespace YouTubeFeed.Worker.Planning;

/// <summary>When and how much the Worker reads (section <c>YouTube</c>).</summary>
public sealed class PlannerOptions : IValidatableObject
{
    public const string Section = "YouTube";

    /// <summary>The shortest time between two reads of one query's new videos; the planner may wait longer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan FetchInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// True: the planner spends each day's quota across queries and time (see <see cref="QuotaPlanner"/>). False: every
    /// query is read every <see cref="FetchInterval"/> until the quota runs out, as the original project did.
    /// </summary>
    public bool QuotaPacing { get; set; } = true;

    /// <summary>How long after its publish time a video may first be listed by YouTube and still be stored.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan LateWindow { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// The shortest time between two late sweeps of one query at one age. A sweep re-reads only the publish times
    /// that have newly reached its age, so its daily cost is about one call per 47 videos of the query, whatever
    /// this value; a shorter one finds late videos sooner at the cost of more partly filled pages.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LateSweepEvery { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How far below the watermark each read of new videos reaches at least, for clocks that differ and videos that
    /// YouTube lists a little late (later ones are the late sweeps' work). Re-read videos cost only room on a page.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan WatermarkOverlap { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The most pages one read of a query may take in one tick; what is left is carried on the next tick.</summary>
    [Range(1, 1000)]
    public int MaxPagesPerCycle { get; set; } = 40;

    /// <summary>
    /// The ages at which publish times are read again: a third of <see cref="LateWindow"/> (most late videos, found
    /// within hours) and <see cref="LateWindow"/> itself (the guarantee). None when the window is zero.
    /// </summary>
    public IReadOnlyList<TimeSpan> SweepAges =>
        LateWindow <= TimeSpan.Zero ? [] : new[] { LateWindow / 3, LateWindow }.Where(a => a > TimeSpan.Zero).Distinct().ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LateWindow > TimeSpan.Zero && LateSweepEvery > LateWindow)
        {
            yield return new ValidationResult(
                $"YouTube:LateSweepEvery ({LateSweepEvery}) must not be longer than YouTube:LateWindow ({LateWindow}).",
                [nameof(LateSweepEvery)]);
        }
    }
}
