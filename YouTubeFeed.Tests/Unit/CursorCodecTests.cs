using Microsoft.Extensions.Options;
using YouTubeFeed.Api;
using YouTubeFeed.Api.Videos;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Tests.Unit;

public sealed class CursorCodecTests
{
    private readonly CursorCodec codec = new(Options.Create(new ApiOptions { CursorSigningKey = "test-key" }));
    private readonly VideoPosition position = new(new DateTime(2026, 11, 27, 1, 2, 3, DateTimeKind.Utc), "abcDEF12345");

    [Fact]
    public void A_cursor_round_trips()
    {
        var cursor = codec.Encode(position, "scope");
        Assert.Equal((position, (string?)null), codec.Decode(cursor, "scope"));
        Assert.DoesNotContain("abcDEF12345", cursor, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cursor_for_another_search_is_refused()
    {
        var (found, error) = codec.Decode(codec.Encode(position, "scope"), "other");
        Assert.Null(found);
        Assert.Contains("another search", error);
    }

    [Fact]
    public void An_altered_cursor_is_refused()
    {
        var cursor = codec.Encode(position, "scope").ToCharArray();
        cursor[5] = cursor[5] == 'A' ? 'B' : 'A';
        Assert.NotNull(codec.Decode(new string(cursor), "scope").Error);
    }

    [Fact]
    public void A_cursor_signed_with_another_key_is_refused()
    {
        var other = new CursorCodec(Options.Create(new ApiOptions { CursorSigningKey = "other-key" }));
        Assert.NotNull(codec.Decode(other.Encode(position, "scope"), "scope").Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Garbage_is_refused(string cursor) => Assert.NotNull(codec.Decode(cursor, "scope").Error);
}
