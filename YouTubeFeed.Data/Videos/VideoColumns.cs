using MySqlConnector;

namespace YouTubeFeed.Data.Videos;

/// <summary>The column list every video query selects (alias <c>v</c>), and how a row becomes a record.</summary>
internal static class VideoColumns
{
    public const string Select =
        "v.video_id, v.title, v.description, v.published_at, v.channel_id, v.channel_title, " +
        "v.thumbnail_default, v.thumbnail_medium, v.thumbnail_high, " +
        "v.enriched_at, v.duration_seconds, v.view_count, v.like_count, v.comment_count, v.stats_read_at, v.live_state, " +
        "v.scheduled_start_at, v.actual_start_at, v.actual_end_at, v.definition, v.is_short";

    public static VideoRecord Read(MySqlDataReader reader)
    {
        var id = reader.GetString(0);
        return new(
            id,
            reader.GetString(1),
            reader.GetString(2),
            Utc(reader.GetDateTime(3)),
            reader.GetString(4),
            reader.GetString(5),
            StoredThumbnails.Expand(id, StoredThumbnails.Default, reader.GetString(6)),
            StoredThumbnails.Expand(id, StoredThumbnails.Medium, reader.GetString(7)),
            StoredThumbnails.Expand(id, StoredThumbnails.High, reader.GetString(8)),
            ReadDetails(reader));
    }

    private static VideoDetails? ReadDetails(MySqlDataReader reader)
    {
        if (reader.IsDBNull(9))
        {
            return null;
        }

        DateTime? Time(int ordinal) => reader.IsDBNull(ordinal) ? null : Utc(reader.GetDateTime(ordinal));
        long? Count(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
        var statsReadAt = Time(14);
        return new VideoDetails(
            reader.IsDBNull(10) ? 0 : reader.GetInt32(10),
            statsReadAt is null ? null : Count(11),
            Count(12),
            Count(13),
            statsReadAt ?? Utc(reader.GetDateTime(9)),
            (LiveState)reader.GetByte(15),
            Time(16),
            Time(17),
            Time(18),
            reader.IsDBNull(19) ? "" : reader.GetString(19),
            !reader.IsDBNull(20) && reader.GetBoolean(20),
            Utc(reader.GetDateTime(9)));
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
