using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YouTubeFeed.Data.Videos;

internal sealed class GoneVideoConfiguration : IEntityTypeConfiguration<GoneVideo>
{
    public void Configure(EntityTypeBuilder<GoneVideo> gone)
    {
        gone.ToTable("gone_videos");
        gone.HasKey(g => g.VideoId);
        gone.Property(g => g.VideoId).HasColumnName("video_id").HasMaxLength(VideoLimits.VideoIdLength)
            .HasCharSet("ascii").UseCollation("ascii_bin");
        gone.Property(g => g.GoneAt).HasColumnName("gone_at").HasColumnType("datetime(6)");
    }
}
