using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YouTubeFeed.Data.Migrations
{
    /// <inheritdoc />
    public partial class FilteredPagesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Created before the old one goes, so that the newest-first list always has an index to walk.
            migrationBuilder.CreateIndex(
                name: "ix_videos_published_at_video_id_details",
                table: "videos",
                columns: new[] { "published_at", "video_id", "duration_seconds", "is_short", "live_state" });

            migrationBuilder.DropIndex(
                name: "ix_videos_published_at_video_id",
                table: "videos");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_videos_published_at_video_id",
                table: "videos",
                columns: new[] { "published_at", "video_id" });

            migrationBuilder.DropIndex(
                name: "ix_videos_published_at_video_id_details",
                table: "videos");
        }
    }
}
