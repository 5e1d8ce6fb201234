using System.Globalization;
using System.Text.RegularExpressions;

namespace YouTubeFeed.Api.Http.Query;

/// <summary>
/// An instant query parameter as the client sent it: ISO 8601 in the profile of RFC 3339 (what OpenAPI's
/// <c>date-time</c> means), a date, a time and a time zone, e.g. <c>2026-01-31T00:00:00Z</c>. Nothing looser: read
/// by a culture, <c>01/02/2026</c> is January or February, and <c>12:00</c> is "today". Like <see cref="QueryInteger"/>,
/// it never refuses the text; <see cref="QueryValidation"/> reports what is wrong.
/// </summary>
public readonly partial record struct QueryInstant
{
    /// <summary>The earliest and latest years accepted (the database's range, and no video is older than YouTube).</summary>
    public const int MinYear = 1970, MaxYear = 9998;

    public const string Example = "2026-01-31T00:00:00Z";

    private QueryInstant(string text, DateTime? value, bool outOfRange)
    {
        Text = text;
        Value = value;
        OutOfRange = outOfRange;
    }

    public string Text { get; }

    /// <summary>The instant in UTC, or null when <see cref="Text"/> is not an accepted date-time.</summary>
    public DateTime? Value { get; }

    /// <summary>A well-formed date-time outside <see cref="MinYear"/>–<see cref="MaxYear"/>.</summary>
    public bool OutOfRange { get; }

    public bool IsEmpty => Text.Length == 0;

    public static bool TryParse(string? text, IFormatProvider? provider, out QueryInstant result)
    {
        text ??= "";
        if (!Rfc3339().IsMatch(text)
            || !DateTimeOffset.TryParseExact(
                text.ToUpperInvariant(), "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            result = new QueryInstant(text, null, false);
            return true;
        }

        var inRange = instant.UtcDateTime.Year is >= MinYear and <= MaxYear;
        result = new QueryInstant(text, inRange ? instant.UtcDateTime : null, !inRange);
        return true;
    }

    // RFC 3339 section 5.6: full-date "T" full-time, with a fraction of at most 7 digits (.NET's precision).
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
