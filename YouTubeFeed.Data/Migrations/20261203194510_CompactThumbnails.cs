using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YouTubeFeed.Data.Migrations
{
    /// <summary>
    /// Thumbnail URLs that YouTube derives from the video id are stored empty and rebuilt when read
    /// (<c>StoredThumbnails</c>); the rows stored before are compacted the same way.
    /// </summary>
    public partial class CompactThumbnails : Migration
    {
        private static readonly (string Column, string Name)[] Thumbnails =
        [
            ("thumbnail_default", "default"), ("thumbnail_medium", "mqdefault"), ("thumbnail_high", "hqdefault"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (column, name) in Thumbnails)
            {
                migrationBuilder.Sql(
                    $"UPDATE videos SET {column} = '' WHERE CAST({column} AS BINARY) = CAST(CONCAT('https://i.ytimg.com/vi/', video_id, '/{name}.jpg') AS BINARY)");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (column, name) in Thumbnails)
            {
                migrationBuilder.Sql($"UPDATE videos SET {column} = CONCAT('https://i.ytimg.com/vi/', video_id, '/{name}.jpg') WHERE {column} = ''");
            }
        }
    }
}
