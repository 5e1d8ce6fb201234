using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YouTubeFeed.Data.Videos;

internal sealed class SearchBacklogEntryConfiguration : IEntityTypeConfiguration<SearchBacklogEntry>
{
    public void Configure(EntityTypeBuilder<SearchBacklogEntry> entry)
    {
        entry.ToTable("search_backlog");
        entry.HasKey(e => e.VideoId);
        entry.Property(e => e.VideoId).HasColumnName("video_id").HasMaxLength(VideoLimits.VideoIdLength)
            .HasCharSet("ascii").UseCollation("ascii_bin");
    }
}
