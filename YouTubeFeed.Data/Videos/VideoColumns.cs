using MySqlConnector;

namespace YouTubeFeed.Data.Videos;

/// <summary>The column list every video query selects (alias <c>v</c>), and how a row becomes a record.</summary>
internal static class VideoColumns
{
    public const string Select =
        "v.video_id, v.title, v.description, v.published_at, v.channel_id, v.channel_title, " +
        "v.thumbnail_default, v.thumbnail_medium, v.thumbnail_high";

    public static VideoRecord Read(MySqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetString(8));
}
