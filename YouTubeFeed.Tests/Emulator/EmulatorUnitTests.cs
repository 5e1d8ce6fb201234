using Microsoft.Extensions.Options;
using YouTubeFeed.YouTubeEmulator;
using YouTubeFeed.YouTubeEmulator.Catalog;
using YouTubeFeed.YouTubeEmulator.Quota;
using YouTubeFeed.YouTubeEmulator.Realism;
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
    [InlineData(0, 1, 0u, "CAAQARgA")]
    [InlineData(50, 2, 1u, "CDIQAhgB")]
    [InlineData(300, 7, 123456789u, null)]
    [InlineData(int.MaxValue, int.MaxValue, uint.MaxValue, null)]
    public void Page_tokens_round_trip(int offset, int page, uint chain, string? expected)
    {
        var token = PageToken.Encode(new PagePosition(offset, page, chain));

        if (expected is not null)
        {
            Assert.Equal(expected, token);
        }

        Assert.True(PageToken.TryDecode(token, out var decoded));
        Assert.Equal(new PagePosition(offset, page, chain), decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("CDIQAA")]
    [InlineData("CDIQAhgB==")]
    [InlineData("CDIQABgB")]
    [InlineData("CDIQAhgBAA")]
    [InlineData("EDIQAhgB")]
    [InlineData("CIDIQAhgB")]
    public void Foreign_page_tokens_are_refused(string token) => Assert.False(PageToken.TryDecode(token, out _));

    [Fact]
    public void A_chain_is_named_by_every_parameter_that_shapes_it()
    {
        var after = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var chain = ChainIdentity.Of("football", SearchOrder.Date, ResultTypes.Video, after, null, 50);

        Assert.Equal(chain, ChainIdentity.Of(" FOOTBALL ", SearchOrder.Date, ResultTypes.Video, after.ToOffset(TimeSpan.FromHours(2)), null, 50));
        Assert.NotEqual(chain, ChainIdentity.Of("chess", SearchOrder.Date, ResultTypes.Video, after, null, 50));
        Assert.NotEqual(chain, ChainIdentity.Of("football", SearchOrder.Relevance, ResultTypes.Video, after, null, 50));
        Assert.NotEqual(chain, ChainIdentity.Of("football", SearchOrder.Date, ResultTypes.All, after, null, 50));
        Assert.NotEqual(chain, ChainIdentity.Of("football", SearchOrder.Date, ResultTypes.Video, after.AddSeconds(1), null, 50));
        Assert.NotEqual(chain, ChainIdentity.Of("football", SearchOrder.Date, ResultTypes.Video, after, after, 50));
        Assert.NotEqual(chain, ChainIdentity.Of("football", SearchOrder.Date, ResultTypes.Video, after, null, 49));
    }

    [Fact]
    public void Html_escaping_matches_youtube()
    {
        Assert.Equal("Don&#39;t &amp; won&#39;t &quot;x&quot; &lt;b&gt; — São Paulo", HtmlText.Escape("Don't & won't \"x\" <b> — São Paulo"));
    }

    [Fact]
    public void The_catalog_lists_newest_first_within_bounds_what_is_indexed_and_public()
    {
        var catalog = Catalog();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // Out of order on purpose, in a batch big enough to take the bulk path, then one by one.
        var videos = Enumerable.Range(0, 100).Reverse()
            .Select(minute => Video($"id{minute:D3}", start.AddMinutes(minute)))
            .ToArray();
        catalog.Publish(videos);
        catalog.Publish([Video("late", start.AddMinutes(50)) with { ListedAt = start.AddHours(3) }]);
        catalog.SetVisibility("id045", Visibility.Private);
        catalog.SetVisibility("id044", Visibility.Deleted);

        var before = catalog.Listed("football", start.AddMinutes(40), start.AddMinutes(60), start.AddHours(2));
        var after = catalog.Listed("football", start.AddMinutes(40), start.AddMinutes(60), start.AddHours(3));

        Assert.Equal(19, before.Count);
        Assert.Equal(["id060", "id059"], before.Take(2).Select(video => video.VideoId));
        Assert.DoesNotContain(before, video => video.VideoId is "late" or "id045" or "id044");
        Assert.Equal(20, after.Count);
        Assert.Equal(["late", "id050"], after.SkipWhile(video => video.VideoId != "late").Take(2).Select(video => video.VideoId));
        Assert.Equal(after.OrderByDescending(video => video.PublishedAt), after);
    }

    [Fact]
    public void Colliding_video_ids_are_replaced()
    {
        var catalog = Catalog();
        var video = Video("sameIdXXXXX", DateTimeOffset.UnixEpoch);

        var stored = catalog.Publish([video, video]);

        Assert.Equal(2, stored.Select(v => v.VideoId).Distinct().Count());
        Assert.Equal(2, catalog.List("football").Count);
        // Details are a function of the id: the renamed video got its own.
        Assert.NotEqual(stored[0].Details, stored[1].Details);
    }

    [Fact]
    public void Stable_hashes_do_not_depend_on_the_process_and_spread_evenly()
    {
        Assert.Equal(StableHash.Of(7, "a", "bc"), StableHash.Of(7, "a", "bc"));
        Assert.NotEqual(StableHash.Of(7, "a", "bc"), StableHash.Of(7, "ab", "c"));
        Assert.NotEqual(StableHash.Of(7, "a"), StableHash.Of(8, "a"));
        var units = Enumerable.Range(0, 10_000).Select(index => StableHash.Unit(1, index.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        Assert.All(units, unit => Assert.InRange(unit, 0.0, 1.0 - double.Epsilon));
        Assert.InRange(units.Count(unit => unit < 0.1), 900, 1100);
    }

    [Fact]
    public void The_exact_profile_turns_every_unkind_behaviour_off_and_knobs_override_a_profile()
    {
        var exact = new Behaviour(Options.Create(new EmulatorOptions { Behaviour = "exact", MaxTotalResults = 400 }));
        var youtube = new Behaviour(Options.Create(new EmulatorOptions()));
        var tuned = new Behaviour(Options.Create(new EmulatorOptions { Behaviour = "exact", ShortPageShare = 0.5, ResultCapMin = 10 }));

        Assert.Equal((0.0, 400, 400, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0), (exact.LateShare, exact.ResultCapMin, exact.ResultCapMax, exact.ShortPageShare, exact.EmptyPageShare, exact.RepeatedTokenShare, exact.NonVideoShare, exact.ErrorShare, exact.RateLimitShare));
        Assert.Equal((0.10, 300, 500, 0.10, 0.03, 0.03, 0.10, 0.01, 0.005), (youtube.LateShare, youtube.ResultCapMin, youtube.ResultCapMax, youtube.ShortPageShare, youtube.EmptyPageShare, youtube.RepeatedTokenShare, youtube.NonVideoShare, youtube.ErrorShare, youtube.RateLimitShare));
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromHours(2)), (youtube.LateDelayMin, youtube.LateDelayMax));
        Assert.Equal((0.5, 10, 500), (tuned.ShortPageShare, tuned.ResultCapMin, tuned.ResultCapMax));
        Assert.Equal((0.0, 0.0), (exact.UpcomingBroadcastShare, exact.LiveBroadcastShare));
        Assert.Equal((0.03, 0.02), (youtube.UpcomingBroadcastShare, youtube.LiveBroadcastShare));
    }

    private static readonly VideoDetails SomeDetails = new(TimeSpan.FromMinutes(5), "hd", false, 1_000, 0.03, 0.002, "17");

    private static VideoCatalog Catalog()
    {
        var chance = new Chance(Options.Create(new EmulatorOptions { RandomSeed = 1 }));
        return new VideoCatalog(new VideoIdGenerator(chance), new VideoDetailsGenerator(chance, new Behaviour(Options.Create(new EmulatorOptions()))));
    }

    private static Video Video(string id, DateTimeOffset publishedAt) => new(id, "football", "t", "d", "c", "ct", publishedAt, publishedAt, SomeDetails);
}
