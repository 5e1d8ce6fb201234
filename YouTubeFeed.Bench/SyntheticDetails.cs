using System.Diagnostics;
using System.Globalization;
using MySqlConnector;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Bench;

/// <summary>
/// What enrichment would have stored for every seeded video, written straight into <c>videos</c> so the filtered
/// list pages (issue 20) are measured on 1,000,000 enriched rows without a videos.list call. Deterministic per
/// video id (CRC32); two bulk UPDATEs per key range (the details, then the Shorts rule on them). The mix, chosen to
/// look like a feed of search results:
/// <list type="bullet">
/// <item>duration: 25 % up to 3 minutes (Shorts), 20 % 3–4 minutes, 40 % medium (4–20 minutes), 15 % long (over 20);</item>
/// <item>broadcasts: 0.5 % upcoming, 0.3 % live, 2 % ended;</item>
/// <item>views: log-uniform from 1 to about 10 million.</item>
/// </list>
/// </summary>
public static class SyntheticDetails
{
    /// <summary>The filtered listings the benchmark measures: a name for the figures, the query string, a label.</summary>
    public static readonly IReadOnlyList<(string Name, string Query, string Label)> Filters =
    [
        ("shortsExclude", "shorts=exclude", "shorts=exclude (no Shorts, ~75%)"),
        ("durationLong", "duration=long", "duration=long (over 20 minutes, ~15%)"),
        ("orderViews", "order=views", "order=views (most viewed first)"),
    ];

    /// <summary>Writes the details, one key range (leading character of the video id, the primary key) at a time.</summary>
    public static async Task<double> WriteAsync(string connectionString, TextWriter log, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        const string Sql =
            """
            UPDATE videos
            JOIN (SELECT video_id, CRC32(video_id) % 1000 AS d, CRC32(CONCAT(video_id, '#')) AS h FROM videos
                  WHERE video_id >= @from AND video_id < @to) AS s USING (video_id)
            SET videos.live_state = CASE WHEN s.h % 1000 < 5 THEN 1 WHEN s.h % 1000 < 8 THEN 2 WHEN s.h % 1000 < 28 THEN 3 ELSE 0 END,
                videos.duration_seconds = CASE
                    WHEN s.h % 1000 < 8 THEN 0
                    WHEN s.d < 250 THEN 10 + s.d * 170 DIV 250
                    WHEN s.d < 450 THEN 181 + (s.d - 250) * 58 DIV 200
                    WHEN s.d < 850 THEN 240 + (s.d - 450) * 959 DIV 400
                    ELSE 1201 + (s.d - 850) * 6000 DIV 150 END,
                videos.view_count = FLOOR(POW(10, (s.h DIV 1000 % 7000) / 1000.0)),
                videos.like_count = FLOOR(POW(10, (s.h DIV 1000 % 7000) / 1000.0) / 30),
                videos.comment_count = FLOOR(POW(10, (s.h DIV 1000 % 7000) / 1000.0) / 300),
                videos.definition = 'hd',
                videos.stats_read_at = UTC_TIMESTAMP(6),
                videos.enriched_at = UTC_TIMESTAMP(6)
            """;
        const string ShortRule = "UPDATE videos SET is_short = (live_state = 0 AND duration_seconds BETWEEN 1 AND @short_max) WHERE video_id >= @from AND video_id < @to";

        // ascii_bin orders '-' < digits < upper case < '_' < lower case: one range per character of that order.
        var starts = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".Select(c => c.ToString()).ToList();
        for (var i = 0; i < starts.Count; i++)
        {
            var to = i + 1 < starts.Count ? starts[i + 1] : "\u007f";
            foreach (var sql in new[] { Sql, ShortRule })
            {
                await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 600 };
                command.Parameters.AddWithValue("@from", starts[i]);
                command.Parameters.AddWithValue("@to", to);
                command.Parameters.AddWithValue("@short_max", VideoDetails.ShortMaxSeconds);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using (var check = new MySqlCommand("SELECT COUNT(*) FROM videos WHERE enriched_at IS NULL", connection))
        {
            var left = Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (left != 0)
            {
                throw new InvalidOperationException($"{left} videos were left without details.");
            }
        }

        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  details written in {stopwatch.Elapsed.TotalSeconds:N1} s"));
        return stopwatch.Elapsed.TotalSeconds;
    }
}
