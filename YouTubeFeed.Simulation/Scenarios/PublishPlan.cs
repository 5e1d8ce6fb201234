namespace YouTubeFeed.Simulation.Scenarios;

/// <summary>A video the scenario publishes: when, and how long after that YouTube's search starts listing it.</summary>
public sealed record PlannedVideo(string Query, DateTimeOffset PublishedAt, TimeSpan IndexDelay);

/// <summary>
/// Draws the scenario's videos: publish times as a Poisson process whose rate follows each query's rhythm (by
/// thinning), from a day before the simulation starts (what the first read backfills) to its end; a share of them
/// listed late, the delay uniform in the query's range. Whole seconds, as YouTube shows them.
/// </summary>
public static class PublishPlan
{
    public static IReadOnlyList<PlannedVideo> Draw(Scenario scenario)
    {
        var random = new Random(scenario.Seed);
        var from = scenario.Start - TimeSpan.FromDays(1);
        var videos = new List<PlannedVideo>();
        foreach (var query in scenario.Queries)
        {
            var peak = query.VideosPerDay / 24.0 * 1.6;
            var at = from;
            while (true)
            {
                at += TimeSpan.FromHours(-Math.Log(1 - random.NextDouble()) / peak);
                if (at >= scenario.End)
                {
                    break;
                }

                if (random.NextDouble() * peak > query.RateAt(at))
                {
                    continue;
                }

                var delay = TimeSpan.Zero;
                if (query.LateShare > 0 && random.NextDouble() < query.LateShare)
                {
                    var (low, high) = query.LateMinutes is [var a, var b] ? (a, b) : (5, 120);
                    delay = TimeSpan.FromMinutes(low + (random.NextDouble() * (high - low)));
                }

                var published = new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
                videos.Add(new PlannedVideo(query.Query, published, TimeSpan.FromSeconds(Math.Round(delay.TotalSeconds))));
            }
        }

        return videos;
    }
}
