namespace YouTubeFeed.Worker.Keys;

/// <summary>One project at one instant: what the planner may spend, and what health and metrics report.</summary>
/// <param name="CallsLeft">Calls left today by our ledger (0 once YouTube said the quota is exceeded).</param>
/// <param name="Exhausted">YouTube answered quotaExceeded today: nothing until the reset, whatever our count says.</param>
/// <param name="UsableKeys">Keys that may be used now (neither retired nor resting).</param>
/// <param name="LiveKeys">Keys that are not retired (usable now or after a rest).</param>
/// <param name="RestingUntil">While no key is usable but some are live: when the first comes back.</param>
public sealed record ProjectBudget(
    string Name, int CallsPerDay, int CallsLeft, bool Exhausted, int UsableKeys, int LiveKeys, DateTimeOffset? RestingUntil);

/// <summary>The key pool at one instant.</summary>
public sealed record QuotaBudget(IReadOnlyList<ProjectBudget> Projects, DateTimeOffset Now, DateTimeOffset NextReset)
{
    /// <summary>Calls that can still be made today, counting projects that only rest for a while.</summary>
    public int CallsLeft => Projects.Where(p => p.LiveKeys > 0).Sum(p => p.CallsLeft);

    public int UsableKeys => Projects.Where(p => p.CallsLeft > 0).Sum(p => p.UsableKeys);

    /// <summary>Whether a call can be made right now.</summary>
    public bool CanCallNow => Projects.Any(p => p.CallsLeft > 0 && p.UsableKeys > 0);

    /// <summary>
    /// The earliest instant a call can be made: now, the end of a rest, or the daily reset; null when every key is
    /// retired (nothing comes back without an operator).
    /// </summary>
    public DateTimeOffset? EarliestUsableAt
    {
        get
        {
            if (CanCallNow)
            {
                return Now;
            }

            var candidates = Projects
                .Where(p => p.LiveKeys > 0)
                .Select(p => p.CallsLeft > 0 && p.RestingUntil is { } until && until < NextReset ? until : NextReset)
                .ToList();
            return candidates.Count == 0 ? null : candidates.Min();
        }
    }
}
