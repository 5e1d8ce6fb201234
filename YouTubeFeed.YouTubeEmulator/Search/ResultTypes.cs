namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>
/// search.list's <c>type</c>: a comma-separated list of video, channel and playlist. Absent means all three,
/// so a client that forgets <c>type=video</c> also gets channels and playlists.
/// </summary>
[Flags]
internal enum ResultTypes
{
    None = 0,
    Video = 1,
    Channel = 2,
    Playlist = 4,
    All = Video | Channel | Playlist,
}

internal static class ResultTypeParser
{
    public static GoogleErrorResponse? Parse(string? text, out ResultTypes types)
    {
        types = ResultTypes.None;
        foreach (var name in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            types |= name switch
            {
                "video" => ResultTypes.Video,
                "channel" => ResultTypes.Channel,
                "playlist" => ResultTypes.Playlist,
                _ => ResultTypes.None,
            };
            if (name is not ("video" or "channel" or "playlist"))
            {
                return GoogleErrors.InvalidParameter(
                    "type",
                    $"Invalid value '{name}'. Values must be a comma-separated list of: channel, playlist, video");
            }
        }

        if (types == ResultTypes.None)
        {
            types = ResultTypes.All;
        }

        return null;
    }

    /// <summary>As it goes into a chain's identity and the call log: null for all (as when absent).</summary>
    public static string? Name(this ResultTypes types) => types == ResultTypes.All
        ? null
        : string.Join(",", new[] { ResultTypes.Video, ResultTypes.Channel, ResultTypes.Playlist }
            .Where(type => types.HasFlag(type)).Select(type => type.ToString().ToLowerInvariant()));
}
