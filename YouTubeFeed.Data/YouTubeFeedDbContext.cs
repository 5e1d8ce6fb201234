using Microsoft.EntityFrameworkCore;
using YouTubeFeed.Data.Ingestion;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Data;

/// <summary>The database model. The schema comes from the migrations in Migrations/, never from code at run time.</summary>
public sealed class YouTubeFeedDbContext(DbContextOptions<YouTubeFeedDbContext> options) : DbContext(options)
{
    public DbSet<Video> Videos => Set<Video>();
    public DbSet<VideoTerm> VideoTerms => Set<VideoTerm>();
    public DbSet<SearchBacklogEntry> SearchBacklog => Set<SearchBacklogEntry>();
    public DbSet<IngestionState> IngestionStates => Set<IngestionState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasCharSet("utf8mb4").UseCollation("utf8mb4_unicode_ci");

        modelBuilder.Entity<Video>(video =>
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
        });

        modelBuilder.Entity<VideoTerm>(term =>
        {
            term.ToTable("video_terms");
            term.HasKey(t => new { t.Term, t.PublishedAt, t.VideoId });
            term.Property(t => t.Term).HasColumnName("term").HasMaxLength(SearchTerms.MaxTermLength)
                .UseCollation("utf8mb4_bin");
            term.Property(t => t.PublishedAt).HasColumnName("published_at").HasColumnType("datetime(6)");
            term.Property(t => t.VideoId).HasColumnName("video_id").HasMaxLength(VideoLimits.VideoIdLength)
                .HasCharSet("ascii").UseCollation("ascii_bin");
            term.HasIndex(t => t.VideoId).HasDatabaseName("ix_video_terms_video_id");
        });

        modelBuilder.Entity<SearchBacklogEntry>(entry =>
        {
            entry.ToTable("search_backlog");
            entry.HasKey(e => e.VideoId);
            entry.Property(e => e.VideoId).HasColumnName("video_id").HasMaxLength(VideoLimits.VideoIdLength)
                .HasCharSet("ascii").UseCollation("ascii_bin");
        });

        modelBuilder.Entity<IngestionState>(state =>
        {
            state.ToTable("ingestion_state");
            state.HasKey(s => s.Query);
            state.Property(s => s.Query).HasColumnName("query").HasMaxLength(VideoLimits.QueryLength).UseCollation("utf8mb4_bin");
            state.Property(s => s.Watermark).HasColumnName("watermark").HasColumnType("datetime(6)");
            state.Property(s => s.FenceToken).HasColumnName("fence_token");
            state.Property(s => s.LastCompletedAt).HasColumnName("last_completed_at").HasColumnType("datetime(6)");
        });
    }
}
