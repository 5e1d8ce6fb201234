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

/// <param name="TotalResults">Every result within the date bounds, including those beyond the chain's cap: like
/// Google's estimate, it can promise more than paging will deliver.</param>
internal sealed record PageInfo(int TotalResults, int ResultsPerPage);

internal sealed record SearchResultItem(
    string Kind,
    string Etag,
    ResourceId Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SearchSnippet? Snippet);

/// <summary>Exactly one of the ids is set, matching <paramref name="Kind"/>.</summary>
internal sealed record ResourceId(
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? VideoId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ChannelId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PlaylistId = null);

internal sealed record SearchSnippet(
    string PublishedAt,
    string ChannelId,
    string Title,
    string Description,
    ThumbnailSet Thumbnails,
    string ChannelTitle,
    string LiveBroadcastContent,
    string PublishTime);
