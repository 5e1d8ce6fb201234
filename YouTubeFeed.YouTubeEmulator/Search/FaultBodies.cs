using YouTubeFeed.YouTubeEmulator.Faults;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>200 bodies that a careless client would accept: cut-off JSON, or JSON of the wrong shape.</summary>
internal static class FaultBodies
{
    public const string Malformed =
        """{"kind":"youtube#searchListResponse","etag":"malformed","regionCode":"US","items":[{"kind":"youtube#searchResult","id":{"kind":"youtube#video","videoId":""";

    public static string UnexpectedShape(string variant) => variant == Fault.MissingItems
        ? """{"kind":"youtube#searchListResponse","etag":"unexpected-shape","regionCode":"US","pageInfo":{"totalResults":1,"resultsPerPage":5}}"""
        : """{"kind":"youtube#searchListResponse","etag":"unexpected-shape","regionCode":"US","pageInfo":{"totalResults":1,"resultsPerPage":5},"items":{"kind":"youtube#searchResult","id":"not-an-object"}}""";
}
