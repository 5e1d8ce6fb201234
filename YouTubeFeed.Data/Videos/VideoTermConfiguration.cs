using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YouTubeFeed.Data.Videos;

internal sealed class VideoTermConfiguration : IEntityTypeConfiguration<VideoTerm>
{
    public void Configure(EntityTypeBuilder<VideoTerm> term)
    {
        term.ToTable("video_terms");
        term.HasKey(t => new { t.Term, t.PublishedAt, t.VideoId });
        term.Property(t => t.Term).HasColumnName("term").HasMaxLength(SearchTerms.MaxTermLength)
            .UseCollation("utf8mb4_bin");
        term.Property(t => t.PublishedAt).HasColumnName("published_at").HasColumnType("datetime(6)");
        term.Property(t => t.VideoId).HasColumnName("video_id").HasMaxLength(VideoLimits.VideoIdLength)
            .HasCharSet("ascii").UseCollation("ascii_bin");
    }
}
