using YouTubeFeed.Simulation.Scenarios;

namespace YouTubeFeed.Simulation.Measurement;

/// <summary>What one policy achieved on the measured day.</summary>
public sealed record PolicyOutcome(
    string Policy,
    IReadOnlyList<QueryOutcome> Queries,
    IReadOnlyDictionary<string, int> CallsByProject,
    int RefusedForQuota,
    double DarkMinutes,
    IReadOnlyList<(double Hour, int Calls)> CallCurve,
    IReadOnlyList<(double Hour, int Stored)> StoredCurve,
    TimeSpan RunTime,
    double ResultsPerPage)
{
    public QueryOutcome Total => QueryOutcome.Combine("all queries", Queries);

    public int Calls => CallsByProject.Values.Sum();
}

/// <param name="Published">Videos of the query published during the measured day.</param>
/// <param name="Stored">Of those, stored by the end of the run.</param>
/// <param name="FromListed">Minutes from the moment YouTube first listed a video to the moment it was stored.</param>
/// <param name="FromPublished">Minutes from its publish time to the moment it was stored.</param>
/// <param name="Calls">Calls charged for this query during the measured day.</param>
public sealed record QueryOutcome(string Query, int Published, int Stored, IReadOnlyList<double> FromListed, IReadOnlyList<double> FromPublished, int Calls = 0)
{
    public int NeverStored => Published - Stored;

    public double Share => Published == 0 ? 1 : (double)Stored / Published;

    public static QueryOutcome Combine(string name, IEnumerable<QueryOutcome> parts)
    {
        var list = parts.ToList();
        return new QueryOutcome(name, list.Sum(q => q.Published), list.Sum(q => q.Stored),
            list.SelectMany(q => q.FromListed).ToList(), list.SelectMany(q => q.FromPublished).ToList(), list.Sum(q => q.Calls));
    }
}

public static class Percentile
{
    public static double Of(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var rank = Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1);
        return sorted[rank];
    }
}

/// <summary>Turns what happened (published videos, when each was stored, the calls YouTube saw) into a <see cref="PolicyOutcome"/>.</summary>
internal static class OutcomeCalculator
{
    public static PolicyOutcome Calculate(
        string policy,
        Scenario scenario,
        IReadOnlyList<PublishedVideo> published,
        IReadOnlyDictionary<string, DateTimeOffset> storedAt,
        IReadOnlyList<RecordedCall> calls,
        TimeSpan runTime)
    {
        var day = published.Where(v => v.PublishedAt >= scenario.Day && v.PublishedAt < scenario.DayEnd).ToList();
        var dayCalls = calls.Where(c => c.At >= scenario.Day && c.At < scenario.DayEnd).ToList();
        var charged = dayCalls.Where(c => !c.IsRefused).ToList();
        var queries = scenario.Queries.Select(q =>
        {
            var videos = day.Where(v => v.Query == q.Query).ToList();
            var stored = videos.Where(v => storedAt.ContainsKey(v.VideoId)).ToList();
            return new QueryOutcome(
                q.Query,
                videos.Count,
                stored.Count,
                stored.Select(v => Math.Max(0, (storedAt[v.VideoId] - v.ListedAt).TotalMinutes)).ToList(),
                stored.Select(v => Math.Max(0, (storedAt[v.VideoId] - v.PublishedAt).TotalMinutes)).ToList(),
                charged.Count(c => string.Equals(c.Query, q.Query, StringComparison.OrdinalIgnoreCase)));
        }).ToList();

        var byProject = scenario.Projects.ToDictionary(p => p.Name, p => charged.Count(c => c.Project == p.Name), StringComparer.Ordinal);

        // Dark: from the moment every project's quota is spent (its last call counted, or YouTube said so) to the day's end.
        var exhaustedAt = scenario.Projects.Select(p =>
        {
            var projectCalls = charged.Where(c => c.Project == p.Name).OrderBy(c => c.At).ToList();
            var refused = dayCalls.Where(c => c.Project == p.Name && c.IsQuotaRefusal).Select(c => (DateTimeOffset?)c.At).FirstOrDefault();
            DateTimeOffset? spent = projectCalls.Count >= p.CallsPerDay ? projectCalls[p.CallsPerDay - 1].At : null;
            return new[] { refused, spent }.Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        }).ToList();
        var darkFrom = exhaustedAt.Max();
        var dark = darkFrom < scenario.DayEnd ? (scenario.DayEnd - darkFrom).TotalMinutes : 0;

        var callCurve = Curve(charged.Select(c => c.At), scenario);
        var storedCurve = Curve(day.Where(v => storedAt.ContainsKey(v.VideoId)).Select(v => storedAt[v.VideoId]).Where(t => t < scenario.DayEnd), scenario);
        // What YouTube's pages hold when more results follow them: what a call can bring, whatever the policy asked
        // (a policy's own last pages of a window are short because the window was, which says nothing of YouTube).
        var pages = dayCalls.Where(c => c.Status == 200 && c.HasNext).ToList();
        var perPage = pages.Count == 0 ? 50 : pages.Average(c => c.Items);
        return new PolicyOutcome(policy, queries, byProject, dayCalls.Count(c => c.IsQuotaRefusal), dark, callCurve, storedCurve, runTime, perPage);
    }

    // Cumulative counts at every quarter hour of the day.
    private static List<(double Hour, int Count)> Curve(IEnumerable<DateTimeOffset> instants, Scenario scenario)
    {
        var hours = instants.Select(t => (t - scenario.Day).TotalHours).Order().ToList();
        var points = new List<(double, int)>();
        for (var step = 0; step <= (int)(scenario.Length.TotalHours * 4); step++)
        {
            var hour = step / 4.0;
            points.Add((hour, hours.Count(h => h <= hour)));
        }

        return points;
    }
}
