using System.Globalization;
using System.Text.RegularExpressions;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>The timestamp format of publishedAfter/publishedBefore, e.g. 2024-01-02T03:04:05Z; the offset is required.</summary>
internal static partial class Rfc3339
{
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        return Shape().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Shape();
}
