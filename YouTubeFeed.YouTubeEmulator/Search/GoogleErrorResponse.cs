using System.Text.Json.Serialization;

namespace YouTubeFeed.YouTubeEmulator.Search;

// Google's error envelope. Newer errors carry status and details, older YouTube ones (quotaExceeded) do not.

internal sealed record GoogleErrorResponse(GoogleError Error);

/// <param name="Details">google.rpc detail messages (<see cref="ErrorInfoDetail"/>, <see cref="HelpDetail"/>,
/// <see cref="LocalizedMessageDetail"/>), each serialized by its own type.</param>
internal sealed record GoogleError(
    int Code,
    string Message,
    IReadOnlyList<GoogleErrorItem> Errors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<object>? Details = null);

internal sealed record GoogleErrorItem(
    string Message,
    string Domain,
    string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Location = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LocationType = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ExtendedHelp = null);

/// <summary>google.rpc.ErrorInfo: the machine-readable reason (API_KEY_INVALID, SERVICE_DISABLED, …).</summary>
internal sealed record ErrorInfoDetail(
    [property: JsonPropertyName("@type")] string Type,
    string Reason,
    string Domain,
    IReadOnlyDictionary<string, string> Metadata)
{
    public const string TypeName = "type.googleapis.com/google.rpc.ErrorInfo";

    public static ErrorInfoDetail Of(string reason, IReadOnlyDictionary<string, string> metadata) =>
        new(TypeName, reason, "googleapis.com", metadata);
}

/// <summary>google.rpc.LocalizedMessage.</summary>
internal sealed record LocalizedMessageDetail(
    [property: JsonPropertyName("@type")] string Type,
    string Locale,
    string Message)
{
    public static LocalizedMessageDetail English(string message) =>
        new("type.googleapis.com/google.rpc.LocalizedMessage", "en-US", message);
}

/// <summary>google.rpc.Help.</summary>
internal sealed record HelpDetail(
    [property: JsonPropertyName("@type")] string Type,
    IReadOnlyList<HelpLink> Links)
{
    public static HelpDetail Of(string description, string url) =>
        new("type.googleapis.com/google.rpc.Help", [new HelpLink(description, url)]);
}

internal sealed record HelpLink(string Description, string Url);
