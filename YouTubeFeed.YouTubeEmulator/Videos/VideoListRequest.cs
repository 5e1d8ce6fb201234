using YouTubeFeed.YouTubeEmulator.Search;

namespace YouTubeFeed.YouTubeEmulator.Videos;

/// <summary>The parts of a video resource the emulator writes; <c>id</c> is always written.</summary>
[Flags]
internal enum VideoParts
{
    None = 0,
    Id = 1,
    Snippet = 2,
    ContentDetails = 4,
    Statistics = 8,
    LiveStreamingDetails = 16,
}

/// <param name="Ids">As asked, trimmed, blanks dropped (repeats kept: the answer holds each video once).</param>
internal sealed record VideoListRequest(VideoParts Parts, IReadOnlyList<string> Ids);

/// <param name="Ids">How many ids were asked, kept for the call log even when the call is refused.</param>
internal sealed record ParsedVideoList(VideoListRequest? Request, GoogleErrorResponse? Error, int Ids);

internal static class VideoListRequestParser
{
    /// <summary>Google's limit of ids per call.</summary>
    public const int MostIds = 50;

    private static readonly Dictionary<string, VideoParts> PartsByName = new(StringComparer.Ordinal)
    {
        ["id"] = VideoParts.Id,
        ["snippet"] = VideoParts.Snippet,
        ["contentDetails"] = VideoParts.ContentDetails,
        ["statistics"] = VideoParts.Statistics,
        ["liveStreamingDetails"] = VideoParts.LiveStreamingDetails,
    };

    public static ParsedVideoList Parse(VideoParameters parameters)
    {
        var ids = (parameters.Id ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = PartError(parameters.Part, out var parts)
                    ?? (ids.Length == 0 ? GoogleErrors.NoFilterSelected()
                        : ids.Length > MostIds ? GoogleErrors.InvalidFilters()
                        : null);
        return error is null
            ? new ParsedVideoList(new VideoListRequest(parts, ids), null, ids.Length)
            : new ParsedVideoList(null, error, ids.Length);
    }

    private static GoogleErrorResponse? PartError(string? text, out VideoParts parts)
    {
        parts = VideoParts.Id;
        var names = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            return GoogleErrors.RequiredParameter("part");
        }

        foreach (var name in names)
        {
            if (!PartsByName.TryGetValue(name, out var part))
            {
                return GoogleErrors.UnknownPart(name);
            }

            parts |= part;
        }

        return null;
    }
}
