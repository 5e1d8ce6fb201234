namespace YouTubeFeed.YouTubeEmulator.Calls;

/// <summary>The API methods the emulator answers, named as Google names them.</summary>
internal static class ApiMethod
{
    public const string Search = "search.list";
    public const string Videos = "videos.list";

    public static bool IsKnown(string? name) => name is Search or Videos;
}
