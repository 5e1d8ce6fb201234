using System.Text;
using YouTubeFeed.YouTubeEmulator.Faults;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>How an API call is answered, with what the call log records of it.</summary>
internal sealed record ApiAnswer(int Status, string? Reason, IResult Result)
{
    public const string JsonContentType = "application/json; charset=UTF-8";

    public string? Project { get; init; }

    /// <summary>Results (search) or videos (videos.list) returned.</summary>
    public int? Items { get; init; }

    public string? NextPageToken { get; init; }

    public string? Oddity { get; init; }

    /// <summary>Seconds for a Retry-After header; null: none.</summary>
    public int? RetryAfter { get; init; }

    public static ApiAnswer Error(GoogleErrorResponse body) =>
        new(body.Error.Code, body.Error.Errors[0].Reason, TypedResults.Json(body, statusCode: body.Error.Code));

    /// <summary>A 200 whose body is given as text (the malformed and unexpected-shape faults).</summary>
    public static ApiAnswer Raw(string body, FaultKind kind) =>
        new(StatusCodes.Status200OK, kind.Name(), TypedResults.Content(body, JsonContentType, Encoding.UTF8, StatusCodes.Status200OK));
}
