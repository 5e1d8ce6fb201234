using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using YouTubeFeed.Api.Http.Query;

namespace YouTubeFeed.Api.Legacy;

/// <summary>
/// The query of <c>GET /getData</c>, as the original service took it: the OpenAPI document is generated from these
/// declarations and <see cref="QueryValidation"/> checks against them. Other parameters are ignored, as they were.
/// </summary>
public sealed record GetDataRequest
{
    public const int DefaultLimit = 10, DefaultPage = 1;

    [FromQuery(Name = "limit"), AllowedValues(10, 20, 50, 100), QueryDefault(DefaultLimit)]
    [Description("Videos per page.")]
    public QueryInteger? Limit { get; init; }

    [FromQuery(Name = "pageNo"), Range(1, int.MaxValue), QueryDefault(DefaultPage)]
    [Description("Page number, from 1, up to the last page (`totalPages`).")]
    public QueryInteger? PageNo { get; init; }

    /// <summary>The request itself, for the check of parameters given twice.</summary>
    public HttpRequest Http { get; init; } = null!;
}
