using System.Globalization;

namespace YouTubeFeed.Api.Http.Query;

/// <summary>
/// An integer query parameter as the client sent it. The framework hands the text to <see cref="TryParse"/>, which
/// never refuses it: what is wrong is kept, for <see cref="QueryValidation"/> to report with the parameter's name
/// and range (the framework's own refusal is an empty 400 that names nothing).
/// </summary>
/// <remarks>The OpenAPI document shows it as an integer (<see cref="QueryValueSchemas"/>).</remarks>
public readonly record struct QueryInteger
{
    private QueryInteger(string text, int? value, bool looksNumeric)
    {
        Text = text;
        Value = value;
        LooksNumeric = looksNumeric;
    }

    /// <summary>The text as sent; empty when the parameter was given without a value.</summary>
    public string Text { get; }

    /// <summary>The integer, or null when <see cref="Text"/> is not one that fits an <see cref="int"/>.</summary>
    public int? Value { get; }

    /// <summary>Digits (with an optional minus sign), whether or not they fit: out of range rather than not a number.</summary>
    public bool LooksNumeric { get; }

    public bool IsEmpty => Text.Length == 0;

    /// <summary>ASCII digits only: no plus sign, spaces, decimal point, exponent, separators or other scripts' digits.</summary>
    public static bool TryParse(string? text, IFormatProvider? provider, out QueryInteger result)
    {
        text ??= "";
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        var looksNumeric = digits.Length > 0 && !digits.ContainsAnyExcept("0123456789");
        int? value = looksNumeric && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        result = new QueryInteger(text, value, looksNumeric);
        return true;
    }
}
