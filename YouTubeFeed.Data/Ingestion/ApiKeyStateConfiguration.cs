using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YouTubeFeed.Data.Ingestion;

internal sealed class ApiKeyStateConfiguration : IEntityTypeConfiguration<ApiKeyState>
{
    public void Configure(EntityTypeBuilder<ApiKeyState> key)
    {
        key.ToTable("api_key_state");
        key.HasKey(k => k.Fingerprint);
        key.Property(k => k.Fingerprint).HasColumnName("fingerprint").HasMaxLength(IngestionLimits.FingerprintLength)
            .HasCharSet("ascii").UseCollation("ascii_bin");
        key.Property(k => k.Status).HasColumnName("status").HasMaxLength(20).HasCharSet("ascii").UseCollation("ascii_bin");
        key.Property(k => k.Until).HasColumnName("until").HasColumnType("datetime(6)");
        key.Property(k => k.Strikes).HasColumnName("strikes");
        key.Property(k => k.Reason).HasColumnName("reason").HasMaxLength(IngestionLimits.ReasonLength);
        key.Property(k => k.UpdatedAt).HasColumnName("updated_at").HasColumnType("datetime(6)");
    }
}
