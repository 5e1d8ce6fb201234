using System.Globalization;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>A search call whose parameters are all valid.</summary>
/// <param name="Query">Trimmed; null or empty: every topic.</param>
/// <param name="Position">Where the page starts in its chain: offset 0 and page 1 without a token.</param>
internal sealed record SearchRequest(
    bool IncludeSnippet,
    string? Query,
    SearchOrder Order,
    ResultTypes Types,
    int MaxResults,
    DateTimeOffset? PublishedAfter,
    DateTimeOffset? PublishedBefore,
    PagePosition Position)
{
    public int Offset => Position.Offset;

    public int Page => Position.Page;

    public uint Chain => Position.Chain;
}

/// <summary>The outcome of reading the parameters. MaxResults and Page are kept even when another parameter
/// is bad, so the call log can show them.</summary>
internal sealed record ParsedSearch(SearchRequest? Request, GoogleErrorResponse? Error, int? MaxResults, int? Page);

internal static class SearchRequestParser
{
    public const int DefaultMaxResults = 5;
    public const int LargestMaxResults = 50;

    private static readonly HashSet<string> KnownParts = new(StringComparer.Ordinal) { "id", "snippet" };

    public static ParsedSearch Parse(SearchParameters parameters)
    {
        var maxResults = ParseMaxResults(parameters.MaxResults, out var maxResultsError);
        var position = default(PagePosition);
        var hasToken = !string.IsNullOrEmpty(parameters.PageToken);
        var tokenReadable = !hasToken || PageToken.TryDecode(parameters.PageToken, out position);
        int? page = !tokenReadable ? null : hasToken ? position.Page : 1;

        var error = PartError(parameters.Part, out var includeSnippet) ?? maxResultsError;
        DateTimeOffset? after = null, before = null;
        var order = SearchOrder.Relevance;
        var types = ResultTypes.All;
        error ??= TimestampError("publishedAfter", parameters.PublishedAfter, out after);
        error ??= TimestampError("publishedBefore", parameters.PublishedBefore, out before);
        error ??= SearchOrders.Parse(parameters.Order, out order);
        error ??= ResultTypeParser.Parse(parameters.Type, out types);
        if (error is not null)
        {
            return new ParsedSearch(null, error, maxResults, page);
        }

        var query = parameters.Q?.Trim();
        var chain = ChainIdentity.Of(query, order, types, after, before, maxResults!.Value);
        if (!hasToken)
        {
            position = new PagePosition(0, 1, chain);
        }
        else if (!tokenReadable || position.Chain != chain)
        {
            // Google's tokens hold the search they belong to: one sent with other parameters is invalid.
            return new ParsedSearch(null, GoogleErrors.InvalidPageToken(), maxResults, null);
        }

        var request = new SearchRequest(includeSnippet, query, order, types, maxResults.Value, after, before, position);
        return new ParsedSearch(request, null, maxResults, page);
    }

    private static GoogleErrorResponse? PartError(string? part, out bool includeSnippet)
    {
        includeSnippet = false;
        var parts = (part ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            return GoogleErrors.RequiredParameter("part");
        }

        var unknown = parts.FirstOrDefault(candidate => !KnownParts.Contains(candidate));
        if (unknown is not null)
        {
            return GoogleErrors.UnknownPart(unknown);
        }

        includeSnippet = parts.Contains("snippet");
        return null;
    }

    private static int? ParseMaxResults(string? text, out GoogleErrorResponse? error)
    {
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return DefaultMaxResults;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            error = GoogleErrors.InvalidParameter("maxResults", $"Invalid value '{text}'. Values must be integers.");
            return null;
        }

        if (value is < 0 or > LargestMaxResults)
        {
            error = GoogleErrors.InvalidParameter(
                "maxResults",
                $"Invalid value '{value}'. Values must be within the range: [0, {LargestMaxResults}]");
            return null;
        }

        return value;
    }

    private static GoogleErrorResponse? TimestampError(string name, string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!Rfc3339.TryParse(text, out var parsed))
        {
            return GoogleErrors.InvalidParameter(
                name,
                $"Invalid value '{text}'. Values must be date-time values in RFC 3339 format, e.g. 2024-01-02T03:04:05Z.");
        }

        value = parsed;
        return null;
    }
}
