using YouTubeFeed.YouTubeEmulator.Catalog;
using YouTubeFeed.YouTubeEmulator.Quota;
using YouTubeFeed.YouTubeEmulator.Search;

namespace YouTubeFeed.Tests.Emulator;

public sealed class EmulatorUnitTests
{
    [Fact]
    public void KeyFingerprint_is_the_first_8_hex_chars_of_sha256()
    {
        Assert.Equal("ba7816bf", KeyFingerprint.Of("abc"));
        Assert.Equal("e3b0c442", KeyFingerprint.Of(""));
    }

    [Theory]
    [InlineData(0, "CAAQAA")]
    [InlineData(50, "CDIQAA")]
    [InlineData(300, null)]
    [InlineData(int.MaxValue, null)]
    public void Page_tokens_round_trip(int offset, string? expected)
    {
        var token = PageToken.Encode(offset);

        if (expected is not null)
        {
            Assert.Equal(expected, token);
        }

        Assert.True(PageToken.TryDecode(token, out var decoded));
        Assert.Equal(offset, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("CDIQAA==")]
    [InlineData("CLIQAA")]
    [InlineData("EDIQAA")]
    [InlineData("CIDIQAA")]
    [InlineData("CP____8PEAA")]
    public void Foreign_page_tokens_are_refused(string token) => Assert.False(PageToken.TryDecode(token, out _));

    [Fact]
    public void Html_escaping_matches_youtube()
    {
        Assert.Equal("Don&#39;t &amp; won&#39;t &quot;x&quot; &lt;b&gt; — São Paulo", HtmlText.Escape("Don't & won't \"x\" <b> — São Paulo"));
    }

    [Fact]
    public void The_catalog_pages_newest_first_within_bounds_and_cap()
    {
        var catalog = new VideoCatalog(new VideoIdGenerator());
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // Out of order on purpose, in a batch big enough to take the bulk path, then one by one.
        var videos = Enumerable.Range(0, 100).Reverse()
            .Select(minute => new Video($"id{minute:D3}", "football", "t", "d", "c", "ct", start.AddMinutes(minute)))
            .ToArray();
        catalog.Publish(videos);
        catalog.Publish([new Video("late", "football", "t", "d", "c", "ct", start.AddMinutes(50))]);

        var slice = catalog.Search("football", start.AddMinutes(40), start.AddMinutes(60), offset: 5, limit: 5, cap: 12);

        Assert.Equal(22, slice.TotalMatching);
        Assert.Equal(["id055", "id054", "id053", "id052", "id051"], slice.Items.Select(video => video.VideoId));
        Assert.True(slice.HasMore);
        var last = catalog.Search("football", start.AddMinutes(40), start.AddMinutes(60), offset: 10, limit: 5, cap: 12);
        Assert.Equal(["late", "id050"], last.Items.Select(video => video.VideoId));
        Assert.False(last.HasMore);
    }

    [Fact]
    public void Colliding_video_ids_are_replaced()
    {
        var catalog = new VideoCatalog(new VideoIdGenerator());
        var video = new Video("sameIdXXXXX", "football", "t", "d", "c", "ct", DateTimeOffset.UnixEpoch);

        var stored = catalog.Publish([video, video]);

        Assert.Equal(2, stored.Select(v => v.VideoId).Distinct().Count());
        Assert.Equal(2, catalog.List("football").Count);
    }
}
