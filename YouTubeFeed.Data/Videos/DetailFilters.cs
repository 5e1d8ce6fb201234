using System.Text;

namespace YouTubeFeed.Data.Videos;

/// <summary>The duration, Shorts and broadcast filters of a <see cref="VideoQuery"/>, in SQL and in memory alike.</summary>
internal static class DetailFilters
{
    /// <summary>The conditions on alias <paramref name="alias"/> (a row of <c>videos</c>), each starting with " AND".</summary>
    public static string Sql(VideoQuery query, string alias, IDictionary<string, object> parameters)
    {
        var sql = new StringBuilder();
        if (query.MinDurationSeconds is { } min)
        {
            sql.Append($" AND {alias}.duration_seconds >= @min_duration");
            parameters["@min_duration"] = min;
        }

        if (query.MaxDurationSeconds is { } max)
        {
            sql.Append($" AND {alias}.duration_seconds <= @max_duration");
            parameters["@max_duration"] = max;
        }

        sql.Append(query.Shorts switch
        {
            // A video not enriched yet is not known to be a Short: it stays in "exclude", out of "only".
            ShortsFilter.Exclude => $" AND ({alias}.is_short IS NULL OR {alias}.is_short = 0)",
            ShortsFilter.Only => $" AND {alias}.is_short = 1",
            _ => "",
        });
        sql.Append(query.Live switch
        {
            LiveFilter.Exclude => $" AND {alias}.live_state NOT IN ({(byte)LiveState.Upcoming}, {(byte)LiveState.Live})",
            LiveFilter.Only => $" AND {alias}.live_state = {(byte)LiveState.Live}",
            LiveFilter.Upcoming => $" AND {alias}.live_state = {(byte)LiveState.Upcoming}",
            _ => "",
        });
        return sql.ToString();
    }

    /// <summary>The same conditions on one video, exactly as <see cref="Sql"/> applies them.</summary>
    public static bool Matches(VideoQuery query, VideoRecord video)
    {
        var details = video.Details;
        if ((query.MinDurationSeconds is not null || query.MaxDurationSeconds is not null)
            && (details is null || details.DurationSeconds < query.MinDurationSeconds || details.DurationSeconds > query.MaxDurationSeconds))
        {
            return false;
        }

        var isShort = details?.IsShort;
        var live = details?.Live ?? LiveState.None;
        return query.Shorts switch
        {
            ShortsFilter.Exclude => isShort != true,
            ShortsFilter.Only => isShort == true,
            _ => true,
        } && query.Live switch
        {
            LiveFilter.Exclude => live is not (LiveState.Upcoming or LiveState.Live),
            LiveFilter.Only => live == LiveState.Live,
            LiveFilter.Upcoming => live == LiveState.Upcoming,
            _ => true,
        };
    }
}
