using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YouTubeFeed.Data.Migrations
{
    /// <inheritdoc />
    public partial class VideoDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "actual_end_at",
                table: "videos",
                type: "datetime(6)",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "actual_start_at",
                table: "videos",
                type: "datetime(6)",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "comment_count",
                table: "videos",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "definition",
                table: "videos",
                type: "varchar(2)",
                maxLength: 2,
                nullable: true,
                collation: "ascii_bin")
                .Annotation("MySql:CharSet", "ascii");

            migrationBuilder.AddColumn<int>(
                name: "duration_seconds",
                table: "videos",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "enriched_at",
                table: "videos",
                type: "datetime(6)",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_short",
                table: "videos",
                type: "tinyint(1)",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "like_count",
                table: "videos",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<byte>(
                name: "live_state",
                table: "videos",
                type: "tinyint unsigned",
                nullable: false,
                defaultValue: (byte)0);

            migrationBuilder.AddColumn<DateTime>(
                name: "scheduled_start_at",
                table: "videos",
                type: "datetime(6)",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "stats_read_at",
                table: "videos",
                type: "datetime(6)",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "view_count",
                table: "videos",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "general_quota_usage",
                columns: table => new
                {
                    project = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: false, collation: "utf8mb4_bin")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    units_spent = table.Column<long>(type: "bigint", nullable: false),
                    refresh_units_spent = table.Column<long>(type: "bigint", nullable: false),
                    exhausted_until = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_general_quota_usage", x => new { x.project, x.day });
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "gone_videos",
                columns: table => new
                {
                    video_id = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    gone_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gone_videos", x => x.video_id);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateIndex(
                name: "ix_videos_enriched_at_first_seen_at",
                table: "videos",
                columns: new[] { "enriched_at", "first_seen_at" });

            migrationBuilder.CreateIndex(
                name: "ix_videos_live_state_published_at",
                table: "videos",
                columns: new[] { "live_state", "published_at", "video_id" });

            migrationBuilder.CreateIndex(
                name: "ix_videos_view_count_video_id",
                table: "videos",
                columns: new[] { "view_count", "video_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "general_quota_usage");

            migrationBuilder.DropTable(
                name: "gone_videos");

            migrationBuilder.DropIndex(
                name: "ix_videos_enriched_at_first_seen_at",
                table: "videos");

            migrationBuilder.DropIndex(
                name: "ix_videos_live_state_published_at",
                table: "videos");

            migrationBuilder.DropIndex(
                name: "ix_videos_view_count_video_id",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "actual_end_at",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "actual_start_at",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "comment_count",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "definition",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "duration_seconds",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "enriched_at",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "is_short",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "like_count",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "live_state",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "scheduled_start_at",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "stats_read_at",
                table: "videos");

            migrationBuilder.DropColumn(
                name: "view_count",
                table: "videos");
        }
    }
}
