using System.Globalization;
using System.Text;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// Turns text into search terms, the same way when a video is stored and when a query is asked: case and
/// accents are folded, words are runs of letters and digits, and each distinct word of a video is one term.
/// A query word finds every term it starts ("foot" finds "football" and "footage"): <see cref="VideoSearch"/>
/// expands it over the sorted term index, so prefixes are never stored.
/// </summary>
/// <remarks>
/// The most common English words (<see cref="Unindexed"/>) are not stored: they are in most videos, a fifth of a
/// video's words. They still count in a search like any other word; a query word that starts one of them is
/// checked on the text of the videos the other words find (or of the newest videos, when it is alone).
/// Whatever changes what <see cref="IndexTerms"/> returns needs the index rebuilt by a migration (empty
/// <c>video_terms</c>, queue every video, as <c>SearchWholeWords</c> does): the rows of a deleted video are
/// found by computing its terms again, so rows written by other rules would stay behind.
/// </remarks>
public static class SearchTerms
{
    /// <summary>Words too common to be worth an index row each (see the remarks).</summary>
    public static readonly IReadOnlySet<string> Unindexed = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or", "the", "to", "vs", "with",
    };

    /// <summary>Longest stored term. A longer word is stored, and a longer query word looked up, by its first characters.</summary>
    public const int MaxTermLength = 20;

    /// <summary>Bounds the index rows one video can add (a title plus a snippet gives far fewer).</summary>
    public const int MaxTermsPerVideo = 300;

    /// <summary>The words of a query, folded, without words that another query word already implies.</summary>
    public static IReadOnlyList<string> QueryWords(string query)
    {
        var words = Words(query)
            .Select(w => Truncate(w))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        // "foot football" asks no more than "football": any word starting with "football" starts with "foot".
        return words
            .Where(w => !words.Any(other => other.Length > w.Length && other.StartsWith(w, StringComparison.Ordinal)))
            .ToList();
    }

    /// <summary>The rows a video has in the index: its distinct words but the <see cref="Unindexed"/> ones.</summary>
    public static IReadOnlyCollection<string> IndexTerms(string title, string description)
    {
        var terms = TextTerms(title, description);
        terms.ExceptWith(Unindexed);
        return terms;
    }

    /// <summary>Every term a video is found by: its distinct words, folded and cut to <see cref="MaxTermLength"/>.</summary>
    public static HashSet<string> TextTerms(string title, string description)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        if (AddTerms(terms, title))
        {
            AddTerms(terms, description);
        }

        return terms;
    }

    /// <summary>Adds the terms of a text's words in order; false once the set holds <see cref="MaxTermsPerVideo"/>.</summary>
    private static bool AddTerms(HashSet<string> terms, string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!Ascii.IsValid(text))
        {
            foreach (var folded in Words(text))
            {
                terms.Add(Truncate(folded));
                if (terms.Count >= MaxTermsPerVideo)
                {
                    return false;
                }
            }

            return true;
        }

        // ASCII text folds to itself lower-cased (no accent to remove, nothing to normalize) and its words are the runs
        // of ASCII letters and digits: the same terms as Words gives, read in place. The indexer and a search that checks
        // words on the text do this for every video, and most titles and snippets are ASCII.
        var lookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> word = stackalloc char[MaxTermLength];
        var length = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (length < MaxTermLength)
                {
                    word[length++] = char.IsAsciiLetterUpper(c) ? (char)(c + ('a' - 'A')) : c;
                }

                inWord = true;
                continue;
            }

            if (inWord)
            {
                lookup.Add(word[..length]);
                length = 0;
                inWord = false;
                if (terms.Count >= MaxTermsPerVideo)
                {
                    return false;
                }
            }
        }

        if (inWord)
        {
            lookup.Add(word[..length]);
        }

        return terms.Count < MaxTermsPerVideo;
    }

    /// <summary>Whether the index cannot answer a query word alone: it starts a word that is not indexed.</summary>
    public static bool StartsUnindexedWord(string queryWord) =>
        Unindexed.Any(word => word.StartsWith(queryWord, StringComparison.Ordinal));

    /// <summary>
    /// Whether a video with these terms (<see cref="TextTerms"/>) matches every query word: each is the start of
    /// one of its terms. What the search means, applied to one video (videos not indexed yet, words checked on the text).
    /// </summary>
    public static bool Matches(IReadOnlyList<string> queryWords, IReadOnlyCollection<string> terms) =>
        queryWords.All(word => terms.Any(term => term.StartsWith(word, StringComparison.Ordinal)));

    /// <summary>Lower-cases, removes accents and splits into runs of letters and digits.</summary>
    public static IEnumerable<string> Words(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var folded = Fold(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && IsWordChar(folded, i);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return folded[start..i];
                start = -1;
            }
        }
    }

    /// <summary>Case- and accent-folds text: "Café Ünïcode" becomes "cafe unicode".</summary>
    public static string Fold(string text)
    {
        if (Ascii.IsValid(text))
        {
            return text.ToLowerInvariant();
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool IsWordChar(string text, int index)
    {
        var c = text[index];
        if (char.IsSurrogate(c))
        {
            return char.IsLetterOrDigit(text, char.IsHighSurrogate(c) ? index : index - 1);
        }

        return char.IsLetterOrDigit(c);
    }

    private static string Truncate(string word)
    {
        if (word.Length <= MaxTermLength)
        {
            return word;
        }

        // Never cut a surrogate pair in half: MySQL would reject the broken character.
        var length = char.IsHighSurrogate(word[MaxTermLength - 1]) ? MaxTermLength - 1 : MaxTermLength;
        return word[..length];
    }
}
