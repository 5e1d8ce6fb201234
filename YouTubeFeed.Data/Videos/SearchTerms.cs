using System.Globalization;
using System.Text;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// Turns text into search terms, the same way when a video is stored and when a query is asked:
/// case and accents are folded, words are runs of letters and digits, and every prefix of a word is a
/// term, so that the query word "foot" finds "Football" with one index lookup.
/// </summary>
public static class SearchTerms
{
    /// <summary>Longest stored prefix. A longer query word is looked up by its first characters.</summary>
    public const int MaxTermLength = 20;

    /// <summary>Bounds the index rows one video can add (a title plus a snippet gives far fewer).</summary>
    public const int MaxTermsPerVideo = 600;

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

    /// <summary>Every term a video is found by.</summary>
    public static IReadOnlyCollection<string> IndexTerms(string title, string description)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in Words(title).Concat(Words(description)))
        {
            var longest = Truncate(word);
            for (var length = 1; length <= longest.Length; length++)
            {
                // Never cut a surrogate pair in half: MySQL would reject the broken character.
                if (char.IsHighSurrogate(longest[length - 1]))
                {
                    continue;
                }

                terms.Add(longest[..length]);
                if (terms.Count >= MaxTermsPerVideo)
                {
                    return terms;
                }
            }
        }

        return terms;
    }

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

        var length = char.IsHighSurrogate(word[MaxTermLength - 1]) ? MaxTermLength - 1 : MaxTermLength;
        return word[..length];
    }
}
