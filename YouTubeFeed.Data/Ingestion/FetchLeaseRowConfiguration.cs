using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YouTubeFeed.Data.Ingestion;

internal sealed class FetchLeaseRowConfiguration : IEntityTypeConfiguration<FetchLeaseRow>
{
    public void Configure(EntityTypeBuilder<FetchLeaseRow> lease)
    {
        lease.ToTable("fetch_lease");
        lease.HasKey(l => l.Name);
        lease.Property(l => l.Name).HasColumnName("name").HasMaxLength(50).HasCharSet("ascii").UseCollation("ascii_bin");
        lease.Property(l => l.Holder).HasColumnName("holder").HasMaxLength(IngestionLimits.HolderLength);
        lease.Property(l => l.Token).HasColumnName("token");
        lease.Property(l => l.ExpiresAt).HasColumnName("expires_at").HasColumnType("datetime(6)");
    }
}
