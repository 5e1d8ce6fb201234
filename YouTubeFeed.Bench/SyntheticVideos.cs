using System.Text;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Bench;

/// <summary>
/// Deterministic synthetic videos: video <c>i</c> is always the same. Titles and descriptions are drawn from
/// an English vocabulary of sport, music, games, cooking and travel words; about 2,000 channels. Publish times
/// follow the video's number, a million videos to a year ending at <see cref="Newest"/>, give or take an hour,
/// because that is how the store grows: the Worker stores each video soon after YouTube publishes it, so rows
/// (and their search terms) arrive in nearly publish order, not scattered over a year. (That made indexing the
/// seeded videos 1.5 to 2 times as fast; it did not make the indexes smaller: see docs/benchmarks.md.)
/// Marker words make the benchmark's queries predictable:
/// <list type="bullet">
/// <item><see cref="TwoWordQuery"/>: each word in ~3% of videos, independently, so both in ~0.1% (1/31 × 1/32).</item>
/// <item><see cref="PrefixQuery"/>: the start of football, footage, footwork, footprint, foothills (~15% of videos).</item>
/// <item><see cref="NoMatchQuery"/>: a word no video has.</item>
/// <item><see cref="DisjointQuery"/>: two words each in ~3.4% of videos but never in the same one.</item>
/// <item><see cref="PrefixLookupQuery"/>: <see cref="TwoWordQuery"/>'s first word and <see cref="PrefixQuery"/>, whose
/// five terms hold five times its rows: the prefix is looked up by key on each of its rows.</item>
/// </list>
/// </summary>
public static class SyntheticVideos
{
    public const int Channels = 2000;
    public const string TwoWordQuery = "quantum marmalade";
    public const string PrefixQuery = "foot";
    public const string NoMatchQuery = "xylophonist";
    public const string DisjointQuery = "zephyr obsidian";
    public const string PrefixLookupQuery = "quantum foot";

    /// <summary>The publish time of video 1,000,000: the first million videos span the 365 days before it.</summary>
    public static readonly DateTime Newest = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly DateTime Oldest = Newest - TimeSpan.FromDays(365);

    /// <summary>A year over a million videos: ~31.5 s between one video and the next.</summary>
    private static readonly TimeSpan PublishSpacing = TimeSpan.FromDays(365) / 1_000_000;

    /// <summary>
    /// How far a video's publish time strays from its place in the sequence: the Worker stores videos in about the
    /// order YouTube publishes them, but a page lists the newest first and several queries interleave.
    /// </summary>
    private static readonly TimeSpan PublishJitter = TimeSpan.FromHours(1);

    private const ulong Salt = 0x5EED_B00C_0FFE_E123UL;
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly string[] Vocabulary =
    """
    football footage footwork footprint foothills match goal goals league cup final semifinal derby striker keeper
    defender midfield winger coach manager transfer signing season fixture kickoff penalty corner freekick header volley
    tackle referee offside stadium crowd fans chant trophy title champions relegation promotion table standings
    highlights recap analysis preview reaction review breakdown tactics lineup formation pressing counter attack
    defence possession passing dribble skills training session drills fitness sprint recovery injury return debut
    legend veteran rookie academy youth prospect scout contract wages rumour exclusive interview press conference
    podcast episode stream live replay extended official trailer teaser behind scenes vlog tutorial guide beginner
    advanced tips tricks secrets mistakes challenge compilation moments funniest craziest best worst ultimate epic
    insane amazing incredible unbelievable classic vintage retro modern future history story documentary journey
    music song album single remix cover acoustic piano guitar drums bass violin orchestra concert festival tour
    studio session lyrics chorus melody rhythm beat producer rapper singer band duet collaboration premiere video
    gaming gameplay walkthrough speedrun boss level quest raid dungeon loot strategy build patch update season
    ranked tournament esports clutch comeback victory defeat draw overtime shootout record breaking fastest
    cooking recipe kitchen dinner lunch breakfast dessert cake bread pasta pizza burger salad soup curry noodles
    spicy sweet crispy grilled roasted baked homemade easy quick healthy vegan chocolate vanilla lemon garlic
    travel city village mountain river ocean beach island desert forest lake valley bridge castle market street
    sunrise sunset night winter summer spring autumn rain snow storm weather road trip flight train adventure
    camping hiking cycling running swimming climbing sailing surfing skiing fishing wildlife nature garden
    science space planet rocket launch satellite telescope galaxy energy engine electric battery solar robot
    computer phone camera laptop review unboxing setup upgrade repair install software hardware coding python
    design building house apartment interior furniture workshop woodwork craft paint sketch drawing photography
    family friends kids school college student teacher lesson exam study morning routine productivity habits
    money budget saving investing market stocks crypto business startup career office remote meeting workflow
    news report update breaking weekly daily monthly yearly annual special edition bonus part chapter finale
    world national local global european american african asian brazilian spanish italian german french english
    """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);

    private static readonly string[] Connectors = ["and", "with", "in", "for", "vs", "at", "of", "the", "on", "from"];

    public static string VideoId(long index)
    {
        // Multiplying by an odd constant and xoring a constant are bijections on 64 bits: distinct ids.
        var x = unchecked(((ulong)index * 0x9E37_79B9_7F4A_7C15UL) ^ Salt);
        Span<char> id = stackalloc char[11];
        for (var i = 0; i < 11; i++)
        {
            id[i] = IdAlphabet[(int)(x & 63)];
            x >>= 6;
        }

        return new string(id);
    }

    public static bool HasQuantum(long index) => Mix(index, 1) % 31 == 0;

    public static bool HasMarmalade(long index) => Mix(index, 2) % 32 == 0;

    /// <summary>How many of the first <paramref name="count"/> videos match <see cref="TwoWordQuery"/>.</summary>
    public static long CountTwoWordMatches(long count)
    {
        long matches = 0;
        for (long i = 0; i < count; i++)
        {
            if (HasQuantum(i) && HasMarmalade(i))
            {
                matches++;
            }
        }

        return matches;
    }

    public static VideoRecord Create(long index)
    {
        var random = new Random(unchecked((int)Mix(index, 0)));
        var id = VideoId(index);
        var channel = (int)(Mix(index, 3) % Channels);

        var title = new StringBuilder();
        var titleWords = random.Next(5, 10);
        for (var w = 0; w < titleWords; w++)
        {
            var word = w > 0 && random.Next(5) == 0 ? Connectors[random.Next(Connectors.Length)] : Word(random);
            title.Append(w == 0 ? "" : " ").Append(w == 0 || random.Next(3) == 0 ? Capitalize(word) : word);
        }

        if (random.Next(4) == 0)
        {
            title.Append(" | ").Append(2020 + random.Next(7));
        }

        var description = new StringBuilder();
        var descriptionWords = random.Next(12, 22);
        for (var w = 0; w < descriptionWords; w++)
        {
            var word = random.Next(4) == 0 ? Connectors[random.Next(Connectors.Length)] : Word(random);
            description.Append(w == 0 ? Capitalize(word) : " " + word);
        }

        description.Append('.');
        AddMarker(HasQuantum(index), "Quantum", random, title, description);
        AddMarker(HasMarmalade(index), "marmalade", random, title, description);
        var disjoint = Mix(index, 4) % 29;
        AddMarker(disjoint == 0, "Zephyr", random, title, description);
        AddMarker(disjoint == 1, "obsidian", random, title, description);

        var published = Oldest + (index * PublishSpacing) + TimeSpan.FromMilliseconds(random.NextInt64(-PublishJitter.Ticks, PublishJitter.Ticks) / TimeSpan.TicksPerMillisecond);
        return new VideoRecord(
            id,
            title.ToString(),
            description.ToString(),
            published,
            ChannelId(channel),
            ChannelTitle(channel),
            $"https://i.ytimg.com/vi/{id}/default.jpg",
            $"https://i.ytimg.com/vi/{id}/mqdefault.jpg",
            $"https://i.ytimg.com/vi/{id}/hqdefault.jpg");
    }

    /// <summary>
    /// The long tail of words, when the run asked for it (<c>--vocabulary english</c>); null for the default ~350-word
    /// vocabulary alone. Set once, before any video is made.
    /// </summary>
    public static EnglishWords? Tail { get; private set; }

    /// <summary>Draws half the words from <paramref name="tail"/> from now on (see <see cref="Word"/>).</summary>
    public static void UseTail(EnglishWords tail) => Tail = tail;

    /// <summary>
    /// A title or description word: from the ~350-word vocabulary, as the videos of one query share their topic's
    /// words; with <see cref="Tail"/>, every other word from it instead, so that the index holds a real language's
    /// many rare words and few common ones. The default draws exactly as it always did: the same videos, run after run.
    /// </summary>
    private static string Word(Random random) =>
        Tail is { } tail && random.Next(2) == 0 ? tail.Draw(random) : Vocabulary[random.Next(Vocabulary.Length)];

    public static IReadOnlyList<VideoRecord> Range(long start, int count)
    {
        var videos = new VideoRecord[count];
        for (var i = 0; i < count; i++)
        {
            videos[i] = Create(start + i);
        }

        return videos;
    }

    private static void AddMarker(bool present, string word, Random random, StringBuilder title, StringBuilder description)
    {
        if (!present)
        {
            return;
        }

        if (random.Next(2) == 0)
        {
            title.Append(' ').Append(word);
        }
        else
        {
            description.Append(' ').Append(word).Append('.');
        }
    }

    private static string ChannelId(int channel) => "UC" + VideoId(1_000_000_000_000L + channel) + VideoId(2_000_000_000_000L + channel);

    private static string ChannelTitle(int channel)
    {
        var random = new Random(channel);
        return $"{Capitalize(Vocabulary[random.Next(Vocabulary.Length)])} {Capitalize(Vocabulary[random.Next(Vocabulary.Length)])} TV";
    }

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static ulong Mix(long index, ulong stream)
    {
        // SplitMix64 of (index, stream).
        var z = unchecked((ulong)index * 0xBF58_476D_1CE4_E5B9UL + stream * 0x94D0_49BB_1331_11EBUL + Salt);
        z = unchecked((z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL);
        return z ^ (z >> 31);
    }
}
