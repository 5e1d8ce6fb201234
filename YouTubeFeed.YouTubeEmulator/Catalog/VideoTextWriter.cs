namespace YouTubeFeed.YouTubeEmulator.Catalog;

/// <summary>
/// Titles and descriptions that look like real uploads: the topic word among other words, and now and then an
/// apostrophe, an ampersand, quotes or a non-ASCII letter, which is where HTML escaping and encoding bugs hide.
/// </summary>
internal static class VideoTextWriter
{
    internal static readonly string[] Places =
    [
        "Madrid", "Porto", "Lisbon", "Milan", "Munich", "Liverpool", "Glasgow", "Lyon", "Naples", "Seville",
        "Amsterdam", "Dortmund", "Marseille", "Turin", "Manchester", "Barcelona", "Istanbul", "Athens", "Vienna",
        "Prague", "Boston", "Chicago", "Toronto", "Melbourne", "Osaka", "São Paulo", "Buenos Aires", "Zürich",
    ];

    private static readonly string[] Adjectives = ["thrilling", "tense", "chaotic", "one-sided", "rain-soaked", "historic", "scrappy", "brilliant"];

    private static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static readonly Func<Random, Words, string>[] Titles =
    [
        (r, w) => $"{w.Topic} highlights: {w.Home} vs {w.Away} — {r.Next(1, 8)} goals",
        (_, w) => $"{w.Home} vs {w.Away} | {w.Topic} Highlights & Reactions",
        (r, w) => $"Top {r.Next(5, 21)} {w.Noun} moments of the week",
        (_, w) => $"Why {w.Home}'s {w.Noun} plan doesn't work anymore",
        (_, w) => $"{w.Topic} drills you can do at home (no equipment)",
        (_, w) => $"Don't miss this! {w.Home} & {w.Away} in a wild {w.Noun} clash",
        (_, w) => $"{w.Topic} news: {w.Home} sign a new \"wonderkid\"",
        (_, w) => $"Is {w.Home} the best {w.Noun} team in the world right now?",
        (_, w) => $"Rating every {w.Noun} kit of the season from 1 to 10",
        (_, w) => $"{w.Topic} tactics explained: how {w.Home} press high",
        (_, w) => $"I tried {w.Noun} for 30 days & here's what happened",
        (_, w) => $"{w.Home} fans react to {w.Away} — {w.Noun} derby day vlog",
        (_, w) => $"The {w.Noun} rule nobody understands (until now)",
        (_, w) => $"{w.Topic} live: {w.Home} v {w.Away} — full match replay",
        (_, w) => $"Last-minute winner! {w.Home} stun {w.Away} | {w.Topic}",
        (r, w) => $"{w.Topic} skills compilation #{r.Next(2, 60)}",
        (r, w) => $"We rebuilt {w.Home}'s {w.Noun} academy in {r.Next(2, 15)} days",
        (_, w) => $"Weekend {w.Noun} round-up: {w.Home}, {w.Away} & more",
        (_, w) => $"What's next for {w.Home}? {w.Topic} transfer rumours",
        (_, w) => $"{w.Topic} Q&A: your questions answered",
    ];

    private static readonly Func<Random, Words, string>[] Descriptions =
    [
        (r, w) => $"{w.Home} faced {w.Away} in a {Pick(r, Adjectives)} {w.Noun} match. Subscribe to {w.Channel} for daily {w.Noun} videos & highlights!",
        (_, w) => $"All the key moments from {w.Home} vs {w.Away}. Tell us in the comments who you'd pick as player of the match.",
        (r, w) => $"Our weekly look at the world of {w.Noun}. New episodes every {Pick(r, Days)} — don't forget to hit the bell!",
        (_, w) => $"A full breakdown of {w.Home}'s season so far. Follow {w.Channel} for more {w.Noun} analysis.",
        (_, w) => $"Filmed in {w.Home}. Thanks for watching & see you next time.",
        (_, w) => $"Everything you need to know about {w.Noun} this week, in under ten minutes.",
    ];

    public static string Title(Random random, Words words) => Pick(random, Titles)(random, words);

    public static string Description(Random random, Words words) => Pick(random, Descriptions)(random, words);

    public static Words WordsFor(Random random, string topic, string channel)
    {
        var home = Pick(random, Places);
        var away = Pick(random, Places);
        while (away == home)
        {
            away = Pick(random, Places);
        }

        return new Words(Topics.Capitalized(topic), topic.ToLowerInvariant(), home, away, channel);
    }

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    /// <param name="Topic">Capitalized, to start a title.</param>
    /// <param name="Noun">Lowercase, for the middle of a sentence.</param>
    internal sealed record Words(string Topic, string Noun, string Home, string Away, string Channel);
}
