using YouTubeFeed.Api.Http.Query;

namespace YouTubeFeed.Tests.Unit;

/// <summary>The query value types read exactly what the OpenAPI document promises, and keep anything else as a problem.</summary>
public sealed class QueryValueTests
{
    [Theory]
    [InlineData("2026-01-31T00:00:00Z", "2026-01-31T00:00:00.0000000Z")]
    [InlineData("2026-01-31t00:00:00z", "2026-01-31T00:00:00.0000000Z")]
    [InlineData("2026-01-31T01:30:00+01:30", "2026-01-31T00:00:00.0000000Z")]
    [InlineData("2026-01-30T19:00:00.1234567-05:00", "2026-01-31T00:00:00.1234567Z")]
    public void Rfc_3339_date_times_are_read_in_utc(string text, string utc)
    {
        Assert.True(QueryInstant.TryParse(text, null, out var instant));
        Assert.Equal(utc, instant.Value?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeKind.Utc, instant.Value?.Kind);
    }

    [Theory]
    [InlineData("01/02/2026")]
    [InlineData("12:00")]
    [InlineData("2026-01-31")]
    [InlineData("2026-01-31T00:00:00")]
    [InlineData("2026-01-31 00:00:00Z")]
    [InlineData(" 2026-01-31T00:00:00Z")]
    [InlineData("2026-01-31T00:00:00.12345678Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-01-31T24:00:00Z")]
    [InlineData("+2026-01-31T00:00:00Z")]
    [InlineData("２０２６-01-31T00:00:00Z")]
    [InlineData("Sat, 31 Jan 2026 00:00:00 GMT")]
    public void Anything_else_is_not_an_instant(string text)
    {
        Assert.True(QueryInstant.TryParse(text, null, out var instant)); // never a binding failure: the validator names it
        Assert.Null(instant.Value);
        Assert.False(instant.OutOfRange);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public void Instants_outside_the_stored_range_are_out_of_range(string text)
    {
        QueryInstant.TryParse(text, null, out var instant);
        Assert.Equal((null, true), (instant.Value, instant.OutOfRange));
    }

    [Theory]
    [InlineData("20", 20, true)]
    [InlineData("-3", -3, true)]
    [InlineData("2147483648", null, true)]
    [InlineData("+5", null, false)]
    [InlineData(" 5", null, false)]
    [InlineData("5.0", null, false)]
    [InlineData("1e3", null, false)]
    [InlineData("٥", null, false)]
    [InlineData("-", null, false)]
    public void Integers_are_ascii_digits(string text, int? value, bool looksNumeric)
    {
        Assert.True(QueryInteger.TryParse(text, null, out var integer));
        Assert.Equal((value, looksNumeric), (integer.Value, integer.LooksNumeric));
    }

    [Theory]
    [InlineData("desc", true)]
    [InlineData("asc", true)]
    [InlineData("views", true)]
    [InlineData("DESC", false)]
    [InlineData("newest", false)]
    [InlineData("1", false)]
    public void Orders_are_the_three_the_document_lists(string text, bool known)
    {
        QueryOrder.TryParse(text, null, out var order);
        Assert.Equal(known, order.Value is not null);
    }
}
