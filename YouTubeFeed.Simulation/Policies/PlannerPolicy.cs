using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using YouTubeFeed.Worker.Ingestion;

namespace YouTubeFeed.Simulation.Policies;

/// <summary>The Worker itself: its planner, its reads, its ledger and writer, one <see cref="IngestionRunner"/> tick at a time.</summary>
internal sealed class PlannerPolicy(IHost host) : IPolicy
{
    public const string Label = "planner (this Worker)";

    public string Name => Label;

    public IngestionStatus Status => host.Services.GetRequiredService<IngestionStatus>();

    public async Task<bool> TickAsync(CancellationToken cancellationToken)
    {
        var results = await host.Services.GetRequiredService<IngestionRunner>().RunOnceAsync(false, cancellationToken);
        return results.Any(r => r.NewVideos > 0);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }
}
