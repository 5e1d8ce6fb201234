using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>
/// contentDetails.duration as YouTube writes it: ISO 8601 without the zero parts, <c>PT15S</c>, <c>PT1M</c>,
/// <c>PT4M13S</c>, <c>PT1H2M3S</c>, <c>PT2H</c>, and from a day on <c>P1DT2H</c> (the letters P and T separated);
/// <c>P0D</c> for no length at all (a broadcast that is upcoming or live).
/// </summary>
internal static partial class IsoDuration
{
    public const string Zero = "P0D";

    public static string Format(TimeSpan duration)
    {
        var seconds = (long)Math.Floor(duration.TotalSeconds);
        if (seconds <= 0)
        {
            return Zero;
        }

        var days = seconds / 86_400;
        var hours = seconds / 3_600 % 24;
        var minutes = seconds / 60 % 60;
        var rest = seconds % 60;
        var text = new StringBuilder("P");
        if (days > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{days}D");
        }

        if (hours + minutes + rest > 0)
        {
            text.Append('T');
            Append(text, hours, 'H');
            Append(text, minutes, 'M');
            Append(text, rest, 'S');
        }

        return text.ToString();
    }

    /// <summary>Reads <c>P[nD][T[nH][nM][nS]]</c> (what <see cref="Format"/> writes, zero parts allowed).</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Shape().Match(text ?? "");
        if (!match.Success || text is "P" or "PT" || text!.EndsWith('T'))
        {
            return false;
        }

        long total = 0;
        foreach (var (group, unit) in new[] { ("d", 86_400L), ("h", 3_600L), ("m", 60L), ("s", 1L) })
        {
            if (match.Groups[group].Success)
            {
                if (!long.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 100_000_000)
                {
                    return false;
                }

                total += value * unit;
            }
        }

        duration = TimeSpan.FromSeconds(total);
        return true;
    }

    private static void Append(StringBuilder text, long value, char unit)
    {
        if (value > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value}{unit}");
        }
    }

    [GeneratedRegex(@"^P(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<m>\d+)M)?(?:(?<s>\d+)S)?)?$")]
    private static partial Regex Shape();
}
