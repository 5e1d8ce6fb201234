using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace YouTubeFeed.YouTubeEmulator.Catalog;

internal sealed record Channel(string Id, string Title);

/// <summary>
/// About twenty channels per topic. Derived from the topic alone, so a restarted emulator shows the same channels,
/// as the real site would.
/// </summary>
internal sealed class ChannelRoster
{
    public const int ChannelsPerTopic = 20;

    private static readonly string[] Owners = ["Sam", "Ana", "Lee", "Priya", "Marco", "Jo", "Kenji", "Fatima", "Ollie", "Chloé"];

    private static readonly Func<Random, string, string>[] Patterns =
    [
        (_, t) => $"{t} Daily",
        (_, t) => $"The {t} Show",
        (_, t) => $"{t} Central",
        (_, t) => $"All Things {t}",
        (_, t) => $"{t} Tactics Lab",
        (_, t) => $"{t} Highlights HD",
        (_, t) => $"Pitchside {t}",
        (_, t) => $"{t} Weekly",
        (_, t) => $"Total {t} TV",
        (_, t) => $"Inside {t}",
        (_, t) => $"{t} & Friends",
        (_, t) => $"The {t} Nerds",
        (_, t) => $"{t} Insider",
        (_, t) => $"{t} Uncut",
        (r, t) => $"{Pick(r, Owners)}'s {t} Corner",
        (r, t) => $"{Pick(r, Owners)} & {Pick(r, Owners)}'s {t} Podcast",
        (r, t) => $"{Pick(r, VideoTextWriter.Places)} {t} Fans",
        (r, t) => $"{Pick(r, VideoTextWriter.Places)} {t} Club TV",
        (r, t) => $"{t} with {Pick(r, Owners)}",
        (_, t) => $"{t} Nation",
        (_, t) => $"{t} Replays",
        (_, t) => $"Retro {t} Archive",
    ];

    private readonly ConcurrentDictionary<string, IReadOnlyList<Channel>> rosters = new(Topics.Comparer);

    public IReadOnlyList<Channel> For(string topic) => rosters.GetOrAdd(Topics.Normalize(topic), Create);

    private static IReadOnlyList<Channel> Create(string topic)
    {
        var random = new Random(StableSeed(topic));
        var display = Topics.Capitalized(topic);
        var titles = new HashSet<string>(StringComparer.Ordinal);
        var channels = new List<Channel>(ChannelsPerTopic);
        for (var attempt = 0; channels.Count < ChannelsPerTopic && attempt < 1000; attempt++)
        {
            var title = Patterns[random.Next(Patterns.Length)](random, display);
            if (titles.Add(title))
            {
                channels.Add(new Channel(VideoIdGenerator.ChannelId(random), title));
            }
        }

        return channels;
    }

    // string.GetHashCode differs per process; this does not.
    private static int StableSeed(string topic) =>
        BinaryPrimitives.ReadInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(topic.ToUpperInvariant())));

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
