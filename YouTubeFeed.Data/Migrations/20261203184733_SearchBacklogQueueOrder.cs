using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YouTubeFeed.Data.Migrations
{
    /// <inheritdoc />
    public partial class SearchBacklogQueueOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "queued_at",
                table: "search_backlog",
                type: "datetime(6)",
                nullable: false,
                defaultValueSql: "CURRENT_TIMESTAMP(6)");

            migrationBuilder.CreateIndex(
                name: "ix_search_backlog_queued_at_video_id",
                table: "search_backlog",
                columns: new[] { "queued_at", "video_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_search_backlog_queued_at_video_id",
                table: "search_backlog");

            migrationBuilder.DropColumn(
                name: "queued_at",
                table: "search_backlog");
        }
    }
}
