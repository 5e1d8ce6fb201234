using System.ComponentModel.DataAnnotations;
using YouTubeFeed.Data.Ingestion;

namespace YouTubeFeed.Worker.Keys;

/// <summary>
/// The API keys and the quota they share (section <c>YouTube</c>). Quota belongs to a Google Cloud project, not to a
/// key: every key of a project draws on the project's one daily bucket.
/// </summary>
public sealed class KeyPoolOptions : IValidatableObject
{
    public const string Section = "YouTube";

    /// <summary>The original project's variable name for the keys, still accepted.</summary>
    public const string LegacyKeysVariable = "YOUTUBE_API_KEYS";

    /// <summary>API keys, comma-separated; each is a project of its own. Never logged: see <see cref="KeyFingerprint"/>.</summary>
    public string? ApiKeys { get; set; }

    /// <summary><c>YouTube:Projects:&lt;name&gt;</c> = the comma-separated keys of one Google Cloud project (one bucket).</summary>
    public Dictionary<string, string> Projects { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Units of a project's daily bucket (Google's default is 10,000), reset at midnight Pacific time.</summary>
    [Range(1, int.MaxValue)]
    public int DailyQuotaUnits { get; set; } = 10_000;

    /// <summary>Units one <c>search.list</c> call costs (100): with the default bucket, 100 calls a day per project.</summary>
    [Range(1, int.MaxValue)]
    public int UnitsPerCall { get; set; } = 100;

    public int CallsPerDay => DailyQuotaUnits / UnitsPerCall;

    /// <summary>The configured projects with their keys: named projects first, then one per key of <see cref="ApiKeys"/>.</summary>
    public IReadOnlyList<ApiProject> BuildProjects()
    {
        var projects = Projects
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new ApiProject(p.Key, Split(p.Value).Select(k => new ApiKey(k, KeyFingerprint.Of(k), p.Key)).ToList()))
            .Where(p => p.Keys.Count > 0)
            .ToList();
        var named = projects.SelectMany(p => p.Keys).Select(k => k.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var key in Split(ApiKeys).Where(k => !named.Contains(k)))
        {
            var name = "key-" + KeyFingerprint.Of(key);
            projects.Add(new ApiProject(name, [new ApiKey(key, KeyFingerprint.Of(key), name)]));
        }

        return projects;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, _) in Projects.Where(p => p.Key.Length > IngestionLimits.ProjectNameLength))
        {
            yield return new ValidationResult(
                $"YouTube:Projects: the project name '{name[..20]}…' is longer than {IngestionLimits.ProjectNameLength} characters.",
                [nameof(Projects)]);
        }

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, keys) in Projects)
        {
            foreach (var key in Split(keys))
            {
                if (owners.TryGetValue(key, out var other) && other != name)
                {
                    // The key itself is never printed: its fingerprint names it.
                    yield return new ValidationResult(
                        $"YouTube:Projects: key {KeyFingerprint.Of(key)} (fingerprint) is listed in both '{other}' and '{name}'; a key belongs to one project.",
                        [nameof(Projects)]);
                }

                owners[key] = name;
            }
        }
    }

    internal static List<string> Split(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
