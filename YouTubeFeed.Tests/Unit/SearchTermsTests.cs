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
}
