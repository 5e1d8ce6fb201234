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
        video.Property(v => v.DurationSeconds).HasColumnName("duration_seconds");
        video.Property(v => v.ViewCount).HasColumnName("view_count").HasDefaultValue(0L);
        video.Property(v => v.LikeCount).HasColumnName("like_count");
        video.Property(v => v.CommentCount).HasColumnName("comment_count");
        video.Property(v => v.StatsReadAt).HasColumnName("stats_read_at").HasColumnType("datetime(6)");
        video.Property(v => v.LiveState).HasColumnName("live_state").HasConversion<byte>().HasDefaultValue(LiveState.None);
        video.Property(v => v.ScheduledStartAt).HasColumnName("scheduled_start_at").HasColumnType("datetime(6)");
        video.Property(v => v.ActualStartAt).HasColumnName("actual_start_at").HasColumnType("datetime(6)");
        video.Property(v => v.ActualEndAt).HasColumnName("actual_end_at").HasColumnType("datetime(6)");
        video.Property(v => v.Definition).HasColumnName("definition").HasMaxLength(2).HasCharSet("ascii").UseCollation("ascii_bin");
        video.Property(v => v.IsShort).HasColumnName("is_short");
        video.Property(v => v.EnrichedAt).HasColumnName("enriched_at").HasColumnType("datetime(6)");

        // Newest-first keyset paging walks this index; the primary key (video_id) breaks ties. The detail filters'
        // columns ride along so that a filtered page is picked from the index alone (VideoReader.PageSql): MariaDB
        // cannot push conditions into a reverse index scan, and without them each skipped video was a row read.
        video.HasIndex(v => new { v.PublishedAt, v.VideoId, v.DurationSeconds, v.IsShort, v.LiveState })
            .HasDatabaseName("ix_videos_published_at_video_id_details");
        video.HasIndex(v => new { v.ChannelId, v.PublishedAt, v.VideoId }).HasDatabaseName("ix_videos_channel_published_at");
        // What arrived since an instant: keeps the Api's deep-page anchors exact (see OffsetPager).
        video.HasIndex(v => v.FirstSeenAt).HasDatabaseName("ix_videos_first_seen_at");
        // order=views keyset paging walks this index, most viewed first; the primary key breaks ties.
        video.HasIndex(v => new { v.ViewCount, v.VideoId }).HasDatabaseName("ix_videos_view_count_video_id");
        // live=only / live=upcoming: the few broadcasts, newest first, without walking every video.
        video.HasIndex(v => new { v.LiveState, v.PublishedAt, v.VideoId }).HasDatabaseName("ix_videos_live_state_published_at");
        // The enrichment's queue: videos not enriched yet (enriched_at IS NULL), newest stored first.
        video.HasIndex(v => new { v.EnrichedAt, v.FirstSeenAt }).HasDatabaseName("ix_videos_enriched_at_first_seen_at");
    }
}
