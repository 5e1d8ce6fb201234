using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Simulation.Scenarios;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Simulation.Policies;

/// <summary>
/// A baseline: one page of each query every <paramref name="interval"/>, with <c>publishedAfter</c> = the newest video
/// stored for it, keys of the first project that has quota left, until every project's quota is gone (then nothing
/// until midnight Pacific). At 10 s this is the original project's policy; at 15 min, the common fixed poll.
/// </summary>
internal sealed class FixedPollPolicy(string name, TimeSpan interval, IHost host, Scenario scenario, TimeProvider clock) : IPolicy
{
    private readonly Dictionary<string, DateTimeOffset> nextDue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> newest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> exhaustedUntil = new(StringComparer.Ordinal);

    public string Name => name;

    public async Task<bool> TickAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var client = host.Services.GetRequiredService<YouTubeClient>();
        var writer = host.Services.GetRequiredService<VideoWriter>();
        var stored = false;
        foreach (var query in scenario.Queries.Select(q => q.Query))
        {
            if (nextDue.TryGetValue(query, out var due) && now < due)
            {
                continue;
            }

            nextDue[query] = now + interval;
            var project = scenario.Projects.FirstOrDefault(p => !exhaustedUntil.TryGetValue(p.Name, out var until) || now >= until);
            if (project is null)
            {
                continue; // the quota is gone for the day
            }

            DateTime? after = newest.TryGetValue(query, out var latest) ? latest : null;
            var outcome = await client.SearchAsync(new SearchRequest(query, after, null, null, 50), project.KeyValues[0], cancellationToken);
            switch (outcome)
            {
                case SearchPage page when page.Videos.Count > 0:
                    var result = await writer.UpsertAsync(page.Videos, cancellationToken);
                    stored |= result.Inserted > 0;
                    var pageNewest = page.Videos.Max(v => v.PublishedAt);
                    newest[query] = after is { } known && known > pageNewest ? known : pageNewest;
                    break;
                case SearchFailure { Kind: FailureKind.QuotaExceeded }:
                    exhaustedUntil[project.Name] = PacificTime.NextMidnight(now);
                    break;
            }
        }

        return stored;
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }
}
