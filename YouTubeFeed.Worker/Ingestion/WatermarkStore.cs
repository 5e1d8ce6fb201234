using Microsoft.EntityFrameworkCore;
using YouTubeFeed.Data;
using YouTubeFeed.Data.Ingestion;

namespace YouTubeFeed.Worker.Ingestion;

/// <summary>Reads and advances the per-query watermark in MySQL, fenced by the lease token.</summary>
public sealed class WatermarkStore(IDbContextFactory<YouTubeFeedDbContext> contexts, TimeProvider timeProvider)
{
    public async Task<IngestionState> GetAsync(string query, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var state = await context.IngestionStates.AsNoTracking().SingleOrDefaultAsync(s => s.Query == query, cancellationToken);
        if (state is not null)
        {
            return state;
        }

        // Two replicas may get here together: the row is created once, the second insert is ignored.
        await context.Database.ExecuteSqlAsync(
            $"INSERT IGNORE INTO ingestion_state (query, fence_token) VALUES ({query}, 0)", cancellationToken);
        return new IngestionState { Query = query };
    }

    /// <summary>The highest fencing token that ever moved a watermark: new tokens must be above it.</summary>
    public async Task<long> HighestFenceTokenAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.IngestionStates.MaxAsync(s => (long?)s.FenceToken, cancellationToken) ?? 0;
    }

    /// <summary>
    /// Moves the watermark forward unless a replica with a newer fencing token has moved it since;
    /// returns false in that case (this replica's lease had passed on).
    /// </summary>
    public async Task<bool> TryAdvanceAsync(string query, DateTime watermark, long fenceToken, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var updated = await context.IngestionStates
            .Where(s => s.Query == query && s.FenceToken <= fenceToken && (s.Watermark == null || s.Watermark <= watermark))
            .ExecuteUpdateAsync(set => set
                .SetProperty(s => s.Watermark, watermark)
                .SetProperty(s => s.FenceToken, fenceToken)
                .SetProperty(s => s.LastCompletedAt, now), cancellationToken);
        return updated == 1;
    }
}
