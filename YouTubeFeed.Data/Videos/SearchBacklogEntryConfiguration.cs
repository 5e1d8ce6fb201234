using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YouTubeFeed.Data.Videos;

internal sealed class SearchBacklogEntryConfiguration : IEntityTypeConfiguration<SearchBacklogEntry>
{
    /// <summary>The queue's order: the indexer takes the videos that waited longest first (<see cref="SearchIndexer"/> names it in a hint).</summary>
    public const string QueueIndex = "ix_search_backlog_queued_at_video_id";

    public void Configure(EntityTypeBuilder<SearchBacklogEntry> entry)
    {
        entry.ToTable("search_backlog");
        entry.HasKey(e => e.VideoId);
        entry.Property(e => e.VideoId).HasColumnName("video_id").HasMaxLength(VideoLimits.VideoIdLength)
            .HasCharSet("ascii").UseCollation("ascii_bin");
        entry.Property(e => e.IndexedPublishedAt).HasColumnName("indexed_published_at").HasColumnType("datetime(6)");
        entry.Property(e => e.IndexedTerms).HasColumnName("indexed_terms").HasColumnType("text").UseCollation("utf8mb4_bin");
        entry.Property(e => e.QueuedAt).HasColumnName("queued_at").HasColumnType("datetime(6)")
            .HasDefaultValueSql("CURRENT_TIMESTAMP(6)");
        entry.HasIndex(e => new { e.QueuedAt, e.VideoId }).HasDatabaseName(QueueIndex);
    }
}
