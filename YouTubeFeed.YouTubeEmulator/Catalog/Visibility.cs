namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>Search lists public videos only: one made private or deleted drops out of every later page.</summary>
internal enum Visibility
{
    Public,
    Private,
    Deleted,
}

internal static class Visibilities
{
    public static bool TryParse(string? text, out Visibility visibility) =>
        Enum.TryParse(text, ignoreCase: true, out visibility) && Enum.IsDefined(visibility) && !int.TryParse(text, out _);

    public static string Name(this Visibility visibility) => visibility.ToString().ToLowerInvariant();
}
