using System.Text.RegularExpressions;

namespace YouTubeFeed.Bench;

/// <summary>
/// English words drawn as real text uses them: a few very often, most rarely (Zipf's law, frequency ∝ 1 / rank).
/// The words are the system's word list (Debian's <c>wamerican</c>: /usr/share/dict/words), lower-case ones only,
/// ranked in a fixed shuffled order (the list is alphabetical, and no word frequencies come with it).
/// </summary>
/// <remarks>
/// Words that start with one of the benchmark's marker words are left out, so that the
/// benchmark's queries keep their known shares of matches ("quantum", "marmalade", "zephyr", "obsidian", the unknown
/// "xylophonist"). Words starting "foot" stay: a real vocabulary gives the prefix query many more terms than five.
/// </remarks>
public sealed partial class EnglishWords
{
    public const string DefaultPath = "/usr/share/dict/words";

    private static readonly string[] Markers = ["quantum", "marmalade", "zephyr", "obsidian", "xylophonist"];

    private readonly string[] words;
    private readonly double[] cumulative;

    private EnglishWords(string[] words)
    {
        this.words = words;
        cumulative = new double[words.Length];
        var sum = 0.0;
        for (var rank = 0; rank < words.Length; rank++)
        {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }
    }

    public int Count => words.Length;

    public static EnglishWords Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--vocabulary english reads the word list {path}: apt-get install wamerican.", path);
        }

        var words = File.ReadLines(path)
            .Where(word => LowerCaseWord().IsMatch(word))
            .Where(word => !Markers.Any(marker => word.StartsWith(marker, StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        new Random(19).Shuffle(words);
        return new EnglishWords(words);
    }

    /// <summary>A word by Zipf's law: the word of rank r (from 1) with probability proportional to 1 / r.</summary>
    public string Draw(Random random)
    {
        var at = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
        return words[at >= 0 ? at : Math.Min(~at, words.Length - 1)];
    }

    [GeneratedRegex("^[a-z]{2,}$")]
    private static partial Regex LowerCaseWord();
}
