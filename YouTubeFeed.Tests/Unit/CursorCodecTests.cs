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

    [Fact]
    public void A_cursor_signed_with_the_previous_key_is_accepted_and_new_ones_use_the_current_key()
    {
        var rotated = new CursorCodec(Options.Create(new ApiOptions { CursorSigningKey = "new-key", CursorSigningKeyPrevious = "test-key" }));
        Assert.Equal((position, (string?)null), rotated.Decode(codec.Encode(position, "scope"), "scope"));

        var signedWithNew = rotated.Encode(position, "scope");
        Assert.Contains("retired", codec.Decode(signedWithNew, "scope").Error, StringComparison.Ordinal);
        var learning = new CursorCodec(Options.Create(new ApiOptions { CursorSigningKey = "test-key", CursorSigningKeyPrevious = "new-key" }));
        Assert.Equal((position, (string?)null), learning.Decode(signedWithNew, "scope"));
    }

    [Fact]
    public void A_forged_cursor_naming_a_known_key_but_signed_with_another_is_refused()
    {
        // The same key id (it is in the clear) does not help without the key: the MAC is checked with the named key.
        var forger = new CursorCodec(Options.Create(new ApiOptions { CursorSigningKey = "forger" }));
        var forged = Convert.FromBase64String(Pad(forger.Encode(position, "scope")));
        var genuine = Convert.FromBase64String(Pad(codec.Encode(position, "scope")));
        genuine.AsSpan(1, 4).CopyTo(forged.AsSpan(1));
        var text = Convert.ToBase64String(forged).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Contains("altered", codec.Decode(text, "scope").Error, StringComparison.Ordinal);
    }

    private static string Pad(string cursor) =>
        cursor.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (cursor.Length % 4)) % 4);
}
