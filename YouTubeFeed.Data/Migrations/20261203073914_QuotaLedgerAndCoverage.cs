using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YouTubeFeed.Data.Migrations
{
    /// <inheritdoc />
    public partial class QuotaLedgerAndCoverage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ledger",
                table: "ingestion_state",
                type: "longtext",
                nullable: true,
                collation: "utf8mb4_unicode_ci")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "api_key_state",
                columns: table => new
                {
                    fingerprint = table.Column<string>(type: "varchar(16)", maxLength: 16, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    status = table.Column<string>(type: "varchar(20)", maxLength: 20, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    until = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    strikes = table.Column<int>(type: "int", nullable: false),
                    reason = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_key_state", x => x.fingerprint);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "fetch_lease",
                columns: table => new
                {
                    name = table.Column<string>(type: "varchar(50)", maxLength: 50, nullable: false, collation: "ascii_bin")
                        .Annotation("MySql:CharSet", "ascii"),
                    holder = table.Column<string>(type: "varchar(200)", maxLength: 200, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    token = table.Column<long>(type: "bigint", nullable: false),
                    expires_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fetch_lease", x => x.name);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "quota_usage",
                columns: table => new
                {
                    project = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: false, collation: "utf8mb4_bin")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    units_spent = table.Column<long>(type: "bigint", nullable: false),
                    exhausted_until = table.Column<DateTime>(type: "datetime(6)", nullable: true),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quota_usage", x => new { x.project, x.day });
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_key_state");

            migrationBuilder.DropTable(
                name: "fetch_lease");

            migrationBuilder.DropTable(
                name: "quota_usage");

            migrationBuilder.DropColumn(
                name: "ledger",
                table: "ingestion_state");
        }
    }
}
