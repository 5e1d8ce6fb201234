using System.Text.Json.Serialization;

namespace YouTubeFeed.YouTubeEmulator.Search;

// Google's error envelope. Newer errors carry status and details, older YouTube ones (quotaExceeded) do not.

internal sealed record GoogleErrorResponse(GoogleError Error);

internal sealed record GoogleError(
    int Code,
    string Message,
    IReadOnlyList<GoogleErrorItem> Errors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<GoogleErrorDetail>? Details = null);

internal sealed record GoogleErrorItem(
    string Message,
    string Domain,
    string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Location = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LocationType = null);

internal sealed record GoogleErrorDetail(
    [property: JsonPropertyName("@type")] string Type,
    string Reason,
    string Domain,
    IReadOnlyDictionary<string, string> Metadata);
