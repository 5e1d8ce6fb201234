using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YouTubeFeed.Data.Videos;

internal sealed class SearchBacklogBatchConfiguration : IEntityTypeConfiguration<SearchBacklogBatch>
{
    public void Configure(EntityTypeBuilder<SearchBacklogBatch> batch)
    {
        batch.ToTable("search_backlog_batches");
        batch.HasKey(b => b.Id);
        batch.Property(b => b.Id).HasColumnName("id").ValueGeneratedOnAdd();
        // Ids are ASCII; a writer's batch is 50 of them, but nothing bounds how many one call stores.
        batch.Property(b => b.VideoIds).HasColumnName("video_ids").HasColumnType("mediumtext")
            .HasCharSet("ascii").UseCollation("ascii_bin");
        batch.Property(b => b.QueuedAt).HasColumnName("queued_at").HasColumnType("datetime(6)")
            .HasDefaultValueSql("CURRENT_TIMESTAMP(6)");
    }
}
