using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace YouTubeFeed.Data.Migrations
{
    /// <summary>
    /// Removes the term rows of the twenty words the index has left out since d39d31e ("the", "and"…, listed here as
    /// they were then): a database indexed between SearchWholeWords and that commit kept them. Searches never read
    /// them (such a word is checked on the text), but the deletes of gone and expired videos find a video's rows by
    /// computing its terms again, so these would stay behind. A range of the primary key per word: nothing to do on a
    /// database that has none.
    /// </summary>
    public partial class RemoveUnindexedTerms : Migration
    {
        private const string UnindexedWords =
            "'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'in', 'is', 'it', 'of', 'on', 'or', 'the', 'to', 'vs', 'with'";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"DELETE FROM video_terms WHERE term IN ({UnindexedWords})");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to restore: no version of the code since d39d31e writes or reads these rows.
        }
    }
}
