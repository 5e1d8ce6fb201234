using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using YouTubeFeed.Api.Http;
using YouTubeFeed.Api.Videos;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Api.Legacy;

/// <summary>The original Flask service's endpoints, same paths and shapes, so its consumers keep working.</summary>
public static class LegacyEndpoints
{
    public static readonly int[] AllowedLimits = [10, 20, 50, 100];

    public static IEndpointRouteBuilder MapLegacyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Original API");
        group.MapGet("/getData", GetDataAsync)
            .WithName("GetData")
            .WithSummary("The original paginated list, newest first.")
            .WithDescription("Page 1 is served from the cache. `totalCount` comes from the cached count, refreshed after every fetch cycle that stored something.")
            .Produces<LegacyPageDto>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/health", HealthAsync)
            .WithName("Health")
            .WithSummary("Readiness in the original shape: 200 while the database answers, 503 naming the failing dependency otherwise.")
            .Produces<LegacyStatusDto>(StatusCodes.Status200OK)
            .Produces<LegacyStatusDto>(StatusCodes.Status503ServiceUnavailable)
            .DisableRateLimiting();
        return app;
    }

    private static async Task<Results<RenderedResponse, ProblemHttpResult>> GetDataAsync(
        HttpRequest request,
        OffsetPager pager,
        FirstPageSnapshots snapshots,
        [Description("Videos per page: 10, 20, 50 or 100. Default 10.")] string? limit,
        [Description("Page number, from 1. Default 1.")] string? pageNo,
        CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters(request.Query);
        var size = parameters.Integer("limit", 10, 1, 100, "one of 10, 20, 50, 100");
        if (parameters.IsValid && !AllowedLimits.Contains(size))
        {
            parameters.Fail("limit", $"limit must be one of 10, 20, 50, 100; {size} is not.");
        }

        var page = parameters.Integer("pageNo", 1, 1, int.MaxValue, "an integer of 1 or more");
        if (!parameters.IsValid)
        {
            return Problems.BadRequest(parameters, legacyFields: true);
        }

        var entry = await snapshots.GetAsync(cancellationToken);
        var total = entry.Snapshot.TotalCount;
        var totalPages = (total + size - 1) / size;
        if (page > Math.Max(1, totalPages))
        {
            parameters.Fail("pageNo", $"pageNo {page} is past the last page ({totalPages}).");
            return Problems.BadRequest(parameters, legacyFields: true);
        }

        if (page == 1)
        {
            return entry.Render("getData", size, (snapshot, limit) => Render(1, limit, snapshot.TotalCount, snapshot.Videos.Take(limit)));
        }

        var videos = await pager.PageAsync((long)(page - 1) * size, size, cancellationToken);
        return Render(page, size, total, videos);
    }

    private static RenderedResponse Render(int page, int limit, long total, IEnumerable<VideoRecord> videos) =>
        RenderedResponse.Json(
            new LegacyPageDto(false, page, limit, total, (total + limit - 1) / limit, videos.Select(LegacyVideoDto.From).ToList()),
            ApiJsonContext.Default.LegacyPageDto);

    private static async Task<IResult> HealthAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(Extensions.ReadyTag), cancellationToken);
        var failing = report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).ToList();
        return failing.Count == 0
            ? TypedResults.Json(new LegacyStatusDto(false, "Server is Up and Running"), ApiJsonContext.Default.LegacyStatusDto)
            : TypedResults.Json(
                new LegacyStatusDto(true, string.Join("; ", failing.Select(f => $"{f.Key}: {f.Value.Description}"))),
                ApiJsonContext.Default.LegacyStatusDto,
                statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
