using Microsoft.AspNetCore.Http.HttpResults;
using YouTubeFeed.Api.FirstPage;
using YouTubeFeed.Api.Http;
using YouTubeFeed.Api.Http.Query;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Api.Legacy;

/// <summary>The original Flask service's endpoints, same paths and shapes, so its consumers keep working.</summary>
public static class LegacyEndpoints
{
    public static IEndpointRouteBuilder MapLegacyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags(ApiDocument.OriginalTag);
        group.MapGet("/getData", GetDataAsync)
            .WithName("GetData")
            .WithSummary("The original paginated list, newest first.")
            .WithDescription(
                "Page 1 is served from the cached first page. Every page of a response describes the list as that page 1 " +
                "saw it: `totalCount` is its count, and page 2 continues exactly where page 1 ends, however many videos " +
                "arrived since. The cached page follows the store within seconds; a client that pages across such a " +
                "refresh sees the videos that arrived meanwhile push the list down (use `/api/videos` cursors to avoid it).")
            .Produces<LegacyPageDto>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/health", HealthAsync)
            .WithName("Health")
            .WithSummary("Readiness in the original shape: 200 while the database answers, 503 naming the failing dependency otherwise.")
            .WithDescription("Checked at most once a second, whoever asks; the reasons of a failure are in the service's logs and traces, not here.")
            .Produces<LegacyStatusDto>(StatusCodes.Status200OK)
            .Produces<LegacyStatusDto>(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<Results<RenderedResponse, ProblemHttpResult>> GetDataAsync(
        [AsParameters] GetDataRequest request, InProcessFirstPage firstPage, OffsetPager pager, CancellationToken cancellationToken)
    {
        // Other parameters are ignored, as the original service ignored them.
        var errors = QueryValidation.Check(request, request.Http, refuseUnknown: false);
        if (!errors.IsValid)
        {
            return Problems.BadRequest(errors);
        }

        var size = request.Limit?.Value ?? GetDataRequest.DefaultLimit;
        var page = request.PageNo?.Value ?? GetDataRequest.DefaultPage;
        var copy = await firstPage.GetAsync(cancellationToken);
        var total = copy.Snapshot.TotalCount;
        var totalPages = (total + size - 1) / size;
        if (page > Math.Max(1, totalPages))
        {
            errors.Add("pageNo", $"pageNo {page} is past the last page ({totalPages}).");
            return Problems.BadRequest(errors);
        }

        if (page == 1)
        {
            return copy.Render("getData", size, (snapshot, limit) => Render(1, limit, snapshot.TotalCount, snapshot.Videos.Take(limit)));
        }

        // Deeper pages are read as of page 1's snapshot, so that they continue it and its count describes them.
        if (copy.Anchor is not var (head, asOf))
        {
            return Render(page, size, total, []);
        }

        var videos = await pager.PageAsOfAsync(head, asOf, (long)(page - 1) * size, size, cancellationToken);
        return Render(page, size, total, videos);
    }

    private static RenderedResponse Render(int page, int limit, long total, IEnumerable<VideoRecord> videos) =>
        RenderedResponse.Json(
            new LegacyPageDto(false, page, limit, total, (total + limit - 1) / limit, videos.Select(LegacyVideoDto.From).ToList()),
            ApiJsonContext.Default.LegacyPageDto);

    private static async Task<IResult> HealthAsync(CachedReadiness readiness, HttpResponse response, CancellationToken cancellationToken)
    {
        var state = await readiness.GetAsync().WaitAsync(cancellationToken);
        response.Headers.CacheControl = "no-store";
        return state.Failing.Count == 0
            ? TypedResults.Json(new LegacyStatusDto(false, "Server is Up and Running"), ApiJsonContext.Default.LegacyStatusDto)
            : TypedResults.Json(
                new LegacyStatusDto(true, "Unavailable: " + string.Join(", ", state.Failing)),
                ApiJsonContext.Default.LegacyStatusDto,
                statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
