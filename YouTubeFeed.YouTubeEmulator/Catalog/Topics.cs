using System.Globalization;

namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>A topic is compared trimmed and case-insensitively, so "Football " and "football" are one topic.</summary>
internal static class Topics
{
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    public static string Normalize(string topic) => topic.Trim();

    public static IReadOnlyList<string> Split(string? topics) =>
        (topics ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(Comparer)
            .ToArray();

    public static string Capitalized(string topic) =>
        CultureInfo.InvariantCulture.TextInfo.ToTitleCase(topic.ToLowerInvariant());
}
