using Microsoft.EntityFrameworkCore;
using YouTubeFeed.Data.Ingestion;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Data;

/// <summary>
/// The database model. The schema comes from the migrations in Migrations/, never from code at run time; each
/// entity's table is described in its own <c>*Configuration</c> class beside it.
/// </summary>
public sealed class YouTubeFeedDbContext(DbContextOptions<YouTubeFeedDbContext> options) : DbContext(options)
{
    public DbSet<Video> Videos => Set<Video>();
    public DbSet<VideoTerm> VideoTerms => Set<VideoTerm>();
    public DbSet<SearchBacklogEntry> SearchBacklog => Set<SearchBacklogEntry>();
    public DbSet<SearchBacklogBatch> SearchBacklogBatches => Set<SearchBacklogBatch>();
    public DbSet<IngestionState> IngestionStates => Set<IngestionState>();
    public DbSet<QuotaUsage> QuotaUsage => Set<QuotaUsage>();
    public DbSet<ApiKeyState> ApiKeyStates => Set<ApiKeyState>();
    public DbSet<FetchLeaseRow> FetchLeases => Set<FetchLeaseRow>();
    public DbSet<GoneVideo> GoneVideos => Set<GoneVideo>();
    public DbSet<GeneralQuotaUsage> GeneralQuotaUsage => Set<GeneralQuotaUsage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasCharSet("utf8mb4").UseCollation("utf8mb4_unicode_ci");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(YouTubeFeedDbContext).Assembly);
    }
}
