using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YouTubeFeed.Data.Ingestion;

internal sealed class IngestionStateConfiguration : IEntityTypeConfiguration<IngestionState>
{
    public void Configure(EntityTypeBuilder<IngestionState> state)
    {
        state.ToTable("ingestion_state");
        state.HasKey(s => s.Query);
        state.Property(s => s.Query).HasColumnName("query").HasMaxLength(IngestionLimits.QueryLength).UseCollation("utf8mb4_bin");
        state.Property(s => s.Watermark).HasColumnName("watermark").HasColumnType("datetime(6)");
        state.Property(s => s.FenceToken).HasColumnName("fence_token");
        state.Property(s => s.LastCompletedAt).HasColumnName("last_completed_at").HasColumnType("datetime(6)");
        state.Property(s => s.Ledger).HasColumnName("ledger").HasColumnType("longtext");
    }
}
