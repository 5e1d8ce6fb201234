using System.Globalization;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>A search call whose parameters are all valid.</summary>
/// <param name="Query">Trimmed; null or empty: every topic.</param>
internal sealed record SearchRequest(
    bool IncludeSnippet,
    string? Query,
    int MaxResults,
    DateTimeOffset? PublishedAfter,
    DateTimeOffset? PublishedBefore,
    int Offset)
{
    public int Page => PageOf(Offset, MaxResults);

    public static int PageOf(int offset, int maxResults) => maxResults == 0 ? 1 : (offset / maxResults) + 1;
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
        var offset = 0;
        var pageTokenValid = string.IsNullOrEmpty(parameters.PageToken) || PageToken.TryDecode(parameters.PageToken, out offset);
        int? page = pageTokenValid && maxResults is { } size ? SearchRequest.PageOf(offset, size) : null;

        var error = PartError(parameters.Part, out var includeSnippet) ?? maxResultsError;
        DateTimeOffset? after = null, before = null;
        error ??= TimestampError("publishedAfter", parameters.PublishedAfter, out after);
        error ??= TimestampError("publishedBefore", parameters.PublishedBefore, out before);
        error ??= pageTokenValid ? null : GoogleErrors.InvalidPageToken();

        var request = error is null
            ? new SearchRequest(includeSnippet, parameters.Q?.Trim(), maxResults!.Value, after, before, offset)
            : null;
        return new ParsedSearch(request, error, maxResults, page);
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
