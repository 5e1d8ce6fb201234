using System.Text.Json;
using MySqlConnector;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// A batch's video ids as a table, <c>ids.id</c>, from one JSON parameter (<c>@ids</c>), for the write paths
/// (<see cref="VideoWriter"/>, <see cref="SearchIndexer"/>). Joined first (<c>STRAIGHT_JOIN</c>) to a table read by its
/// key (<c>FORCE INDEX (PRIMARY)</c>: the join fixes the order, the hint rules out a scan), each id is one lookup by
/// key whatever the optimizer knows of the table. Rows are read, and locked by a <c>FOR UPDATE</c>, in the order of the
/// ids given: a caller that locks passes them sorted, as <see cref="VideoWriter"/> does, so that two writers never
/// wait on each other in a circle.
/// </summary>
/// <remarks>
/// An <c>IN (…)</c> list of the same ids cost more and planned worse:
/// <list type="bullet">
/// <item>the optimizer first estimates every value of the list in the index (an index dive each, up to
/// <c>eq_range_index_dive_limit</c>, 200), then reads it: the writer's read of 50 stored videos and of the gone ones
/// took about twice as long as this join (docs/benchmarks.md);</item>
/// <item>past that limit it plans from statistics, which may have been taken while the table was empty;</item>
/// <item>a DELETE with an IN list may be planned as a scan of a small table, which waits on the rows other indexers
/// hold (a DELETE does not skip them) and deadlocks with them, even with <c>FORCE INDEX (PRIMARY)</c>.</item>
/// </list>
/// JSON_TABLE needs MariaDB 10.6 or MySQL 8.0.4.
/// </remarks>
internal static class BatchIds
{
    /// <summary>The table, to join first: <c>FROM {Table} STRAIGHT_JOIN videos v FORCE INDEX (PRIMARY) ON v.video_id = ids.id</c>.</summary>
    public const string Table = "JSON_TABLE(@ids, " + Columns;

    /// <summary>
    /// What follows the JSON document in <see cref="Table"/>: <c>JSON_TABLE(q.video_ids, {Columns}</c> makes the same table
    /// of a JSON array stored in a column (a <see cref="SearchBacklogBatch"/> row's ids).
    /// </summary>
    public const string Columns = "'$[*]' COLUMNS (id VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin PATH '$')) ids";

    /// <summary>A command over <see cref="Table"/> holding these ids (in every statement of its text that names it).</summary>
    public static MySqlCommand Command(MySqlConnection connection, string sql, IEnumerable<string> ids)
    {
        var command = new MySqlCommand(sql, connection);
        command.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(ids));
        return command;
    }
}
