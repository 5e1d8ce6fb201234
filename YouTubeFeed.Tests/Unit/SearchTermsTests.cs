using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Tests.Unit;

public sealed class SearchTermsTests
{
    [Fact]
    public void Folding_removes_case_and_accents()
    {
        Assert.Equal("cafe unicode ß", SearchTerms.Fold("Café ÜNÏCODE ß"));
    }

    [Fact]
    public void Index_terms_are_the_distinct_words_and_a_query_word_matches_the_start_of_one()
    {
        var terms = SearchTerms.IndexTerms("Football! Go, go", "Gö");
        Assert.Equal(["football", "go"], terms.Order(StringComparer.Ordinal));
        Assert.True(SearchTerms.Matches(["foot", "g"], terms));
        Assert.True(SearchTerms.Matches(["football"], terms));
        Assert.False(SearchTerms.Matches(["ball"], terms));
        Assert.False(SearchTerms.Matches(["foot", "gone"], terms));
    }

    [Fact]
    public void The_commonest_words_are_not_indexed_but_still_count_on_the_text()
    {
        Assert.Equal(["how", "make", "tea"], SearchTerms.IndexTerms("How to make the tea?", "").Order(StringComparer.Ordinal));
        var text = SearchTerms.TextTerms("How to make the tea?", "");
        Assert.True(SearchTerms.Matches(["tea", "how", "to", "th"], text));
        Assert.True(SearchTerms.StartsUnindexedWord("th"));
        Assert.True(SearchTerms.StartsUnindexedWord("to"));
        Assert.False(SearchTerms.StartsUnindexedWord("tea"));
        Assert.False(SearchTerms.StartsUnindexedWord("tot"));
    }

    [Fact]
    public void Query_words_drop_words_implied_by_longer_ones()
    {
        Assert.Equal(["football", "how", "to"], SearchTerms.QueryWords("foot Football HOW to"));
    }

    [Fact]
    public void Long_words_are_cut_to_the_term_length()
    {
        var word = new string('a', 40);
        Assert.Equal(SearchTerms.MaxTermLength, SearchTerms.QueryWords(word).Single().Length);
        Assert.Equal(SearchTerms.MaxTermLength, SearchTerms.IndexTerms(word, "").Max(t => t.Length));
    }

    [Fact]
    public void Punctuation_and_sql_are_not_words()
    {
        Assert.Equal(["or", "1", "drop", "table", "videos"], SearchTerms.QueryWords("' OR 1=1; DROP TABLE videos; --"));
        Assert.Empty(SearchTerms.QueryWords("%%% '' ;--"));
    }

    [Fact]
    public void Surrogate_pairs_are_never_cut()
    {
        // U+1D400 MATHEMATICAL BOLD CAPITAL A is a letter outside the BMP.
        var terms = SearchTerms.IndexTerms("\U0001D400\U0001D401", "");
        Assert.All(terms, t => Assert.False(char.IsHighSurrogate(t[^1])));
        Assert.Contains("\U0001D400\U0001D401", terms);
    }

    [Fact]
    public void Ascii_text_read_in_place_gives_the_terms_of_the_general_rule()
    {
        // TextTerms reads ASCII text in place; the general rule folds the text and splits it (SearchTerms.Words).
        var random = new Random(23);
        const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        const string Separators = " \t\n.,;:!?'\"-_()[]/\\#@&%+=~|";
        string Text(int words, bool accents)
        {
            var text = new System.Text.StringBuilder();
            for (var w = 0; w < words; w++)
            {
                text.Append(Separators[random.Next(Separators.Length)], random.Next(1, 3));
                // Mostly short words that repeat, some past the term length.
                var length = random.Next(10) == 0 ? random.Next(18, 45) : random.Next(1, 6);
                for (var c = 0; c < length; c++)
                {
                    text.Append(Letters[random.Next(random.Next(3) == 0 ? Letters.Length : 5)]);
                }

                if (accents && random.Next(20) == 0)
                {
                    text.Append("\u00E9\u00DCn");
                }
            }

            return text.ToString();
        }

        var cases = new List<(string Title, string Description)>
        {
            ("", ""),
            ("FOOTBALL", ""),
            ("", "tea-time 4K HDR"),
            // Past MaxTermsPerVideo in the title, and again in the description.
            (string.Join(' ', Enumerable.Range(0, 400).Select(i => $"w{i}")), "never read"),
            ("short title", string.Join(' ', Enumerable.Range(0, 400).Select(i => $"D{i}x"))),
        };
        for (var i = 0; i < 3000; i++)
        {
            cases.Add((Text(random.Next(0, 15), accents: i % 4 == 0), Text(random.Next(0, i % 50 == 0 ? 400 : 40), accents: i % 5 == 0)));
        }

        foreach (var (title, description) in cases)
        {
            var expected = ByTheRule(title, description);
            var actual = SearchTerms.TextTerms(title, description);
            Assert.True(expected.SetEquals(actual), $"'{title}' / '{description}': expected {string.Join(' ', expected.Order(StringComparer.Ordinal))}, got {string.Join(' ', actual.Order(StringComparer.Ordinal))}");
        }

        Assert.Equal(SearchTerms.MaxTermsPerVideo, SearchTerms.TextTerms(cases[3].Title, cases[3].Description).Count);
        Assert.DoesNotContain("never", SearchTerms.TextTerms(cases[3].Title, cases[3].Description));
    }

    [Fact]
    public void A_batchs_term_rows_come_in_key_order_whatever_the_order_of_its_videos()
    {
        var at = new DateTime(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);
        var videos = new List<(string VideoId, string Title, string Description, DateTime PublishedAt)>();
        var random = new Random(5);
        string[] words = ["goal", "match", "Go", "goals", "tea", "zebra", "caf\u00E9", "cafe"];
        for (var i = 0; i < 300; i++)
        {
            // Several videos share a publish time, so the id breaks ties.
            videos.Add(($"v{random.Next(100_000):D6}{i}", string.Join(' ', words.OrderBy(_ => random.Next()).Take(random.Next(1, 5))),
                words[random.Next(words.Length)], at.AddSeconds(random.Next(20))));
        }

        var rows = SearchIndexer.TermRows(videos);

        var expected = videos
            .SelectMany(v => SearchTerms.IndexTerms(v.Title, v.Description).Select(term => (Term: term, v.PublishedAt, v.VideoId)))
            .OrderBy(r => r.Term, StringComparer.Ordinal).ThenBy(r => r.PublishedAt).ThenBy(r => r.VideoId, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, rows);
    }

    /// <summary>What TextTerms gives, by the rule: every word of the folded text, cut, until MaxTermsPerVideo.</summary>
    private static HashSet<string> ByTheRule(string title, string description)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in SearchTerms.Words(title).Concat(SearchTerms.Words(description)))
        {
            terms.Add(word.Length <= SearchTerms.MaxTermLength ? word : word[..SearchTerms.MaxTermLength]);
            if (terms.Count >= SearchTerms.MaxTermsPerVideo)
            {
                break;
            }
        }

        return terms;
    }
}
