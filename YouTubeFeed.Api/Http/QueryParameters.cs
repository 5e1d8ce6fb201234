using System.Globalization;

namespace YouTubeFeed.Api.Http;

/// <summary>
/// Reads query parameters by hand so that every bad value gets our own message, naming the parameter and
/// what it accepts, instead of the framework's binding failure. Errors are collected, not thrown.
/// </summary>
public sealed class QueryParameters(IQueryCollection query)
{
    private readonly Dictionary<string, string[]> errors = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string[]> Errors => errors;

    public bool IsValid => errors.Count == 0;

    public string FirstError => errors.Values.First()[0];

    /// <summary>The single value of a parameter; an error if it is given more than once.</summary>
    public string? Single(string name)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            Fail(name, $"{name} is given {values.Count} times; give it once.");
            return null;
        }

        return values.Count == 0 ? null : values[0];
    }

    public int Integer(string name, int defaultValue, int min, int max, string allowed)
    {
        var text = Single(name);
        if (string.IsNullOrEmpty(text))
        {
            return text is null ? defaultValue : FailInt(name, $"{name} is empty; {allowed}.");
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            var trimmed = text.Length > 40 ? text[..40] + "…" : text;
            return FailInt(name, long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big)
                ? $"{name} must be {allowed}; {big} is out of range."
                : $"{name} must be an integer ({allowed}); '{trimmed}' is not.");
        }

        return value < min || value > max ? FailInt(name, $"{name} must be {allowed}; {value} is out of range.") : value;
    }

    public DateTime? Instant(string name)
    {
        var text = Single(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var instant)
            && instant.Year is >= 1970 and <= 9998)
        {
            return instant.UtcDateTime;
        }

        Fail(name, $"{name} must be an ISO 8601 date-time such as 2026-01-31T00:00:00Z.");
        return null;
    }

    public void Fail(string name, string message)
    {
        errors[name] = errors.TryGetValue(name, out var existing) ? [.. existing, message] : [message];
    }

    private int FailInt(string name, string message)
    {
        Fail(name, message);
        return 0;
    }
}
