using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YouTubeFeed.Data.Migrations
{
    /// <summary>
    /// The search index keeps whole words only (no prefixes, no secondary index on video_id), and the backlog
    /// remembers which version of a changed video is indexed. The old prefix rows are dropped and every video is
    /// queued again: the Worker's indexer rewrites the index (a few thousand videos a second), and until it has,
    /// searches read up to VideoReader.MaxUnindexedRead queued videos directly and miss the rest.
    /// </summary>
    public partial class SearchWholeWords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("TRUNCATE TABLE video_terms");

            migrationBuilder.DropIndex(
                name: "ix_video_terms_video_id",
                table: "video_terms");

            migrationBuilder.AddColumn<DateTime>(
                name: "indexed_published_at",
                table: "search_backlog",
                type: "datetime(6)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "indexed_terms",
                table: "search_backlog",
                type: "text",
                nullable: true,
                collation: "utf8mb4_bin")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.Sql(RequeueEverything);
        }

        private const string RequeueEverything =
            "INSERT INTO search_backlog (video_id) SELECT v.video_id FROM videos v " +
            "WHERE NOT EXISTS (SELECT 1 FROM search_backlog b WHERE b.video_id = v.video_id)";

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("TRUNCATE TABLE video_terms");

            migrationBuilder.DropColumn(
                name: "indexed_published_at",
                table: "search_backlog");

            migrationBuilder.DropColumn(
                name: "indexed_terms",
                table: "search_backlog");

            migrationBuilder.CreateIndex(
                name: "ix_video_terms_video_id",
                table: "video_terms",
                column: "video_id");

            migrationBuilder.Sql(RequeueEverything);
        }
    }
}
