using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YouTubeFeed.Data.Ingestion;

internal sealed class GeneralQuotaUsageConfiguration : IEntityTypeConfiguration<GeneralQuotaUsage>
{
    public void Configure(EntityTypeBuilder<GeneralQuotaUsage> usage)
    {
        usage.ToTable("general_quota_usage");
        usage.HasKey(u => new { u.Project, u.Day });
        usage.Property(u => u.Project).HasColumnName("project").HasMaxLength(IngestionLimits.ProjectNameLength).UseCollation("utf8mb4_bin");
        usage.Property(u => u.Day).HasColumnName("day").HasColumnType("date");
        usage.Property(u => u.UnitsSpent).HasColumnName("units_spent");
        usage.Property(u => u.RefreshUnitsSpent).HasColumnName("refresh_units_spent");
        usage.Property(u => u.ExhaustedUntil).HasColumnName("exhausted_until").HasColumnType("datetime(6)");
        usage.Property(u => u.UpdatedAt).HasColumnName("updated_at").HasColumnType("datetime(6)");
    }
}
