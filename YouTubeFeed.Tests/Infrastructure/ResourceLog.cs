using System.Text.RegularExpressions;

namespace YouTubeFeed.Tests.Infrastructure;

/// <summary>
/// A resource's log events, read back from the console lines Aspire's testing builder forwards to <see cref="TestLogs"/>:
/// the console logger writes each event as a header (<c>info: Category[id]</c>) and its message on the lines after.
/// </summary>
public static partial class ResourceLog
{
    /// <summary>
    /// The last <paramref name="count"/> events of <paramref name="resource"/>, one line each
    /// (<c>time level category: message</c>): warnings and worse from any category, the rest from ours only
    /// (<c>YouTubeFeed.*</c>), so that HTTP and health-probe chatter does not bury them.
    /// </summary>
    public static IReadOnlyList<string> Events(TestLogs logs, string resource, int count)
    {
        var marker = $".Resources.{resource}: ";
        var events = new List<string>();
        string? header = null;
        foreach (var line in logs.Lines)
        {
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            // "{n}: {timestamp} {console text} | LineNumber=…; LineContent=…": the console text only.
            var text = line[(at + marker.Length)..];
            var values = text.IndexOf(" | LineNumber=", StringComparison.Ordinal);
            text = values < 0 ? text : text[..values];
            if (ConsoleLine().Match(text) is not { Success: true } match)
            {
                continue;
            }

            var content = Colour().Replace(match.Groups["content"].Value, "");
            if (Header().Match(content) is { Success: true } head)
            {
                var level = head.Groups["level"].Value;
                var category = head.Groups["category"].Value;
                header = level is "warn" or "fail" or "crit" || category.StartsWith("YouTubeFeed.", StringComparison.Ordinal)
                    ? $"{Clock(match.Groups["time"].Value)} {level} {category[(category.LastIndexOf('.') + 1)..]}:"
                    : null;
            }
            else if (header is not null)
            {
                events.Add($"{header} {content.Trim()}");
                header = null;
            }
        }

        return events.TakeLast(count).ToList();
    }

    // "2026-12-05T03:46:49.2160000Z" as "03:46:49.216", as the rest of a failure message gives times.
    private static string Clock(string timestamp) =>
        timestamp.IndexOf('T', StringComparison.Ordinal) is var t and >= 0 && timestamp.Length >= t + 13 ? timestamp[(t + 1)..(t + 13)] : timestamp;

    // The console logger colours the level when it thinks it writes to a terminal.
    [GeneratedRegex(@"\x1B\[[0-9;]*m")]
    private static partial Regex Colour();

    [GeneratedRegex(@"^\d+: (?<time>\S+) (?<content>.*)$")]
    private static partial Regex ConsoleLine();

    [GeneratedRegex(@"^(?<level>trce|dbug|info|warn|fail|crit): (?<category>[^\[\s]+)\[")]
    private static partial Regex Header();
}
