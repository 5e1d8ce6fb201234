using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using YouTubeFeed.Api.Http.Query;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Api.Videos;

/// <summary>
/// The query of <c>GET /api/videos</c>. These declarations are the whole contract: the OpenAPI document is generated
/// from them, and <see cref="QueryValidation"/> checks a request against the same ones.
/// </summary>
public sealed record ListVideosRequest
{
    public const int DefaultLimit = 20, MaxLimit = 100;

    /// <summary>Longest accepted <c>q</c>, in characters, and most words in it.</summary>
    public const int MaxQueryLength = 200, MaxQueryWords = 10;

    /// <summary>Longest cursor this API issues, with room to spare.</summary>
    public const int MaxCursorLength = 512;

    public const string DurationShort = "short", DurationMedium = "medium", DurationLong = "long";
    public const string Exclude = "exclude", Only = "only", Upcoming = "upcoming";

    /// <summary>ISO 8601 durations as YouTube writes them: days, hours, minutes, seconds (no years, months or weeks).</summary>
    public const string IsoDurationPattern = @"^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$";

    private const int MaxDurationLength = 32;

    private const string NotOurCursor = "cursor is not a cursor issued by this API (use nextCursor from a previous page).";

    [FromQuery(Name = "limit"), Range(1, MaxLimit), QueryDefault(DefaultLimit)]
    [Description("Videos per page.")]
    public QueryInteger? Limit { get; init; }

    [FromQuery(Name = "cursor"), MaxLength(MaxCursorLength, ErrorMessage = NotOurCursor)]
    [Description("Opaque cursor from the previous page's `nextCursor`; valid only with the same q, filters and order.")]
    public string? Cursor { get; init; }

    [FromQuery(Name = "q"), MaxLength(MaxQueryLength)]
    [Description("Search words: a video matches when its title or description contains every word, in any order, each also as the start of a longer word, ignoring case and accents. At most 10 words.")]
    public string? Q { get; init; }

    [FromQuery(Name = "channelId"), MaxLength(VideoLimits.ChannelIdLength)]
    [RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "channelId must be a YouTube channel id: letters, digits, '-' and '_'.")]
    [Description("Only videos of this channel id.")]
    public string? ChannelId { get; init; }

    [FromQuery(Name = "publishedAfter")]
    [Description("Only videos published at or after this instant (RFC 3339, e.g. 2026-01-31T00:00:00Z).")]
    public QueryInstant? PublishedAfter { get; init; }

    [FromQuery(Name = "publishedBefore")]
    [Description("Only videos published before this instant (RFC 3339); later than publishedAfter.")]
    public QueryInstant? PublishedBefore { get; init; }

    [FromQuery(Name = "order"), QueryDefault(QueryOrder.Newest)]
    [Description("`desc`: newest first; `asc`: oldest first; `views`: most viewed first (by the last count read; videos whose details are not read yet come last). `views` cannot be combined with `q`.")]
    public QueryOrder? Order { get; init; }

    [FromQuery(Name = "duration"), AllowedValues(DurationShort, DurationMedium, DurationLong)]
    [Description("YouTube's duration buckets: `short` under 4 minutes, `medium` 4 to 20 minutes, `long` over 20 minutes. Videos whose details are not read yet are left out. Not with minDuration or maxDuration.")]
    public string? Duration { get; init; }

    [FromQuery(Name = "minDuration"), MaxLength(MaxDurationLength), RegularExpression(IsoDurationPattern, ErrorMessage = "minDuration must be an ISO 8601 duration such as PT4M, PT1H30M or P1DT2H.")]
    [Description("Only videos at least this long (ISO 8601 duration, e.g. `PT4M`, `PT1H30M`).")]
    public string? MinDuration { get; init; }

    [FromQuery(Name = "maxDuration"), MaxLength(MaxDurationLength), RegularExpression(IsoDurationPattern, ErrorMessage = "maxDuration must be an ISO 8601 duration such as PT4M, PT1H30M or P1DT2H.")]
    [Description("Only videos at most this long (ISO 8601 duration); not shorter than minDuration.")]
    public string? MaxDuration { get; init; }

    [FromQuery(Name = "shorts"), AllowedValues(Exclude, Only)]
    [Description("`exclude`: no Shorts; `only`: only Shorts. The API has no Shorts flag: a video of at most 3 minutes that is no broadcast is taken for a Short.")]
    public string? Shorts { get; init; }

    [FromQuery(Name = "live"), AllowedValues(Exclude, Only, Upcoming)]
    [Description("`exclude`: no upcoming or live broadcasts (ended ones stay); `only`: broadcasts live now; `upcoming`: scheduled broadcasts not started yet.")]
    public string? Live { get; init; }

    /// <summary>The request itself, for the checks that need the parameters as sent (given twice, or unknown).</summary>
    public HttpRequest Http { get; init; } = null!;
}
