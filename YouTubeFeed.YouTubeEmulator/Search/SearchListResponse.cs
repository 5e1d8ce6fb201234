using System.Text.Json.Serialization;
using YouTubeFeed.YouTubeEmulator.Catalog;

namespace YouTubeFeed.YouTubeEmulator.Search;

// The wire shape of search.list; property order follows Google's responses.

internal sealed record SearchListResponse(
    string Kind,
    string Etag,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextPageToken,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PrevPageToken,
    string RegionCode,
    PageInfo PageInfo,
    IReadOnlyList<SearchResultItem> Items);

/// <param name="TotalResults">Every match within the date bounds, including those beyond the cap: like Google's
/// estimate, it can promise more than paging will deliver.</param>
internal sealed record PageInfo(int TotalResults, int ResultsPerPage);

internal sealed record SearchResultItem(
    string Kind,
    string Etag,
    ResourceId Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SearchSnippet? Snippet);

internal sealed record ResourceId(string Kind, string VideoId);

internal sealed record SearchSnippet(
    string PublishedAt,
    string ChannelId,
    string Title,
    string Description,
    ThumbnailSet Thumbnails,
    string ChannelTitle,
    string LiveBroadcastContent,
    string PublishTime);
