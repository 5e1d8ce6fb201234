using System.ComponentModel.DataAnnotations;
using YouTubeFeed.Data.Ingestion;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>What the Worker ingests (section <c>YouTube</c>).</summary>
public sealed class IngestionOptions : IValidatableObject
{
    public const string Section = "YouTube";

    /// <summary>The search queries, comma-separated.</summary>
    public string Query { get; set; } = "football";

    public IReadOnlyList<string> Queries =>
        Query.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Queries.Count == 0)
        {
            yield return new ValidationResult("YouTube:Query names no search query; give one or more, comma-separated.", [nameof(Query)]);
        }

        foreach (var query in Queries.Where(q => q.Length > IngestionLimits.QueryLength))
        {
            // Its ledger row could not hold it: every cycle would be a new backfill.
            yield return new ValidationResult(
                $"YouTube:Query '{query[..40]}…' is {query.Length} characters long; at most {IngestionLimits.QueryLength} are stored.",
                [nameof(Query)]);
        }
    }
}
