using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace YouTubeFeed.Data.Videos;

internal sealed class VideoConfiguration : IEntityTypeConfiguration<Video>
{
    public void Configure(EntityTypeBuilder<Video> video)
    {
        video.ToTable("videos");
        video.HasKey(v => v.VideoId);
        // YouTube ids are case-sensitive: a case-insensitive collation would merge two videos.
        video.Property(v => v.VideoId).HasColumnName("video_id").HasMaxLength(VideoLimits.VideoIdLength)
            .HasCharSet("ascii").UseCollation("ascii_bin");
        video.Property(v => v.Title).HasColumnName("title").HasMaxLength(VideoLimits.TitleLength);
        video.Property(v => v.Description).HasColumnName("description").HasColumnType("text");
        video.Property(v => v.PublishedAt).HasColumnName("published_at").HasColumnType("datetime(6)");
        video.Property(v => v.ChannelId).HasColumnName("channel_id").HasMaxLength(VideoLimits.ChannelIdLength)
            .HasCharSet("ascii").UseCollation("ascii_bin");
        video.Property(v => v.ChannelTitle).HasColumnName("channel_title").HasMaxLength(VideoLimits.ChannelTitleLength);
        video.Property(v => v.ThumbnailDefault).HasColumnName("thumbnail_default").HasMaxLength(VideoLimits.UrlLength);
        video.Property(v => v.ThumbnailMedium).HasColumnName("thumbnail_medium").HasMaxLength(VideoLimits.UrlLength);
        video.Property(v => v.ThumbnailHigh).HasColumnName("thumbnail_high").HasMaxLength(VideoLimits.UrlLength);
        video.Property(v => v.FirstSeenAt).HasColumnName("first_seen_at").HasColumnType("datetime(6)");
        video.Property(v => v.UpdatedAt).HasColumnName("updated_at").HasColumnType("datetime(6)");

        // Newest-first keyset paging walks this index; the primary key (video_id) breaks ties.
        video.HasIndex(v => new { v.PublishedAt, v.VideoId }).HasDatabaseName("ix_videos_published_at_video_id");
        video.HasIndex(v => new { v.ChannelId, v.PublishedAt, v.VideoId }).HasDatabaseName("ix_videos_channel_published_at");
        // What arrived since an instant: keeps the Api's deep-page anchors exact (see OffsetPager).
        video.HasIndex(v => v.FirstSeenAt).HasDatabaseName("ix_videos_first_seen_at");
    }
}
