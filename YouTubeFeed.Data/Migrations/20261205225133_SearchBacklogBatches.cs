using System;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YouTubeFeed.Data.Migrations
{
    /// <summary>
    /// Queues new videos for their search terms one row per writer batch (<c>search_backlog_batches</c>) instead of
    /// one <c>search_backlog</c> row each: the queue was about a seventh of what storing and indexing a video costs
    /// (docs/benchmarks.md). Changed videos keep their <c>search_backlog</c> rows.
    /// </summary>
    public partial class SearchBacklogBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "search_backlog_batches",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                    video_ids = table.Column<string>(type: "mediumtext", nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    queued_at = table.Column<DateTime>(type: "datetime(6)", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP(6)")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_backlog_batches", x => x.id);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The videos still queued in batches go back to the one queue the older code reads (as new: nothing indexed).
            migrationBuilder.Sql(
                "INSERT IGNORE INTO search_backlog (video_id) SELECT ids.id FROM search_backlog_batches q, " +
                "JSON_TABLE(q.video_ids, '$[*]' COLUMNS (id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) ids " +
                "JOIN videos v ON v.video_id = ids.id");
            migrationBuilder.DropTable(
                name: "search_backlog_batches");
        }
    }
}
