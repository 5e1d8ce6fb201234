using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using YouTubeFeed.Api.FirstPage;
using YouTubeFeed.Api.Http;
using YouTubeFeed.Api.Http.Query;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Api.Videos;

/// <summary><c>GET /api/videos</c>: keyset pages, search and filters, newest (or oldest) first.</summary>
public static class VideosEndpoints
{
    public static IEndpointRouteBuilder MapVideosEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/videos").WithTags(ApiDocument.VideosTag);
        group.MapGet("", ListAsync)
            .WithName("ListVideos")
            .WithSummary("Lists stored videos, newest first, with search, filters and cursor paging.")
            .WithDescription(
                "Pages follow (publishedAt, videoId) in the chosen order, so a page never repeats or skips a video while " +
                "new ones arrive. `q` matches videos whose title or description contains every word, in any order, each " +
                "word also as the start of a longer word (`foot` finds `Football`), ignoring case and accents; common " +
                "words count like any other. A search walks a bounded part of the index per request: a page it could not " +
                "fill within that bound has `partial: true` and a `nextCursor` that continues the search (it may be short, " +
                "even empty). A parameter not listed here, or one given twice, is refused with 400. " +
                "Send `If-None-Match` with the last ETag to get 304 when nothing changed.")
            .Produces<VideoPageDto>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<RenderedResponse, ProblemHttpResult>> ListAsync(
        [AsParameters] ListVideosRequest request,
        VideoReader reader,
        InProcessFirstPage firstPage,
        CursorCodec cursors,
        CancellationToken cancellationToken)
    {
        var errors = QueryValidation.Check(request, request.Http, refuseUnknown: true);
        if ((errors.IsValid ? ToQuery(request, errors, cursors) : null) is not { } query)
        {
            return Problems.BadRequest(errors);
        }

        if (query.IsPlainFirstPage)
        {
            var copy = await firstPage.GetAsync(cancellationToken);
            return copy.Render("api/videos", query.Limit, (snapshot, size) => RenderFirstPage(snapshot, size, cursors));
        }

        var page = await reader.ReadPageAsync(query with { Limit = query.Limit + 1 }, cancellationToken);
        var items = page.Videos.Take(query.Limit).ToList();
        // A search that stopped at its walk budget returns a short page: the cursor continues where it stopped.
        var partial = page.Videos.Count <= query.Limit && page.ContinueAfter is not null;
        var next = page.Videos.Count > query.Limit ? cursors.Encode(Position(items[^1], query.Order), Scope(query))
            : partial ? cursors.Encode(page.ContinueAfter!.Value, Scope(query))
            : null;
        return RenderedResponse.Json(
            new VideoPageDto(items.Select(VideoDto.From).ToList(), next) { Partial = partial }, ApiJsonContext.Default.VideoPageDto);
    }

    private static RenderedResponse RenderFirstPage(FirstPageSnapshot snapshot, int limit, CursorCodec cursors)
    {
        var items = snapshot.Videos.Take(limit).ToList();
        var more = snapshot.Videos.Count > limit || snapshot.TotalCount > limit;
        var next = more && items.Count > 0 ? cursors.Encode(Position(items[^1], SortOrder.NewestFirst), Scope(new VideoQuery())) : null;
        return RenderedResponse.Json(
            new VideoPageDto(items.Select(VideoDto.From).ToList(), next) { TotalCount = snapshot.TotalCount }, ApiJsonContext.Default.VideoPageDto);
    }

    /// <summary>The query the request asks for, once its parameters passed <see cref="QueryValidation"/>; null (with errors) when it asks for nothing sensible.</summary>
    private static VideoQuery? ToQuery(ListVideosRequest request, ParameterErrors errors, CursorCodec cursors)
    {
        IReadOnlyList<string> words = [];
        if (!string.IsNullOrWhiteSpace(request.Q))
        {
            words = SearchTerms.QueryWords(request.Q);
            if (words.Count == 0)
            {
                errors.Add("q", "q has no letters or digits to search for.");
            }
            else if (words.Count > ListVideosRequest.MaxQueryWords)
            {
                errors.Add("q", $"q has {words.Count} words; at most {ListVideosRequest.MaxQueryWords} are allowed.");
            }
        }

        var after = request.PublishedAfter?.Value;
        var before = request.PublishedBefore?.Value;
        if (after is not null && before is not null && after >= before)
        {
            errors.Add("publishedBefore", "publishedBefore must be later than publishedAfter.");
        }

        var (minDuration, maxDuration) = DurationBounds(request, errors);
        var order = request.Order?.Value ?? SortOrder.NewestFirst;
        if (order == SortOrder.MostViewed && words.Count > 0)
        {
            errors.Add("order", $"order={QueryOrder.MostViewed} cannot be combined with q: a search is read newest (or oldest) first.");
        }

        if (!errors.IsValid)
        {
            return null;
        }

        var query = new VideoQuery
        {
            Limit = request.Limit?.Value ?? ListVideosRequest.DefaultLimit,
            Order = order,
            Words = words,
            ChannelId = string.IsNullOrEmpty(request.ChannelId) ? null : request.ChannelId,
            PublishedAfter = after,
            PublishedBefore = before,
            MinDurationSeconds = minDuration,
            MaxDurationSeconds = maxDuration,
            Shorts = request.Shorts switch
            {
                ListVideosRequest.Exclude => ShortsFilter.Exclude,
                ListVideosRequest.Only => ShortsFilter.Only,
                _ => ShortsFilter.Any,
            },
            Live = request.Live switch
            {
                ListVideosRequest.Exclude => LiveFilter.Exclude,
                ListVideosRequest.Only => LiveFilter.Only,
                ListVideosRequest.Upcoming => LiveFilter.Upcoming,
                _ => LiveFilter.Any,
            },
        };
        if (string.IsNullOrEmpty(request.Cursor))
        {
            return query;
        }

        var (position, error) = cursors.Decode(request.Cursor, Scope(query));
        if (error is not null)
        {
            errors.Add("cursor", error);
            return null;
        }

        // The views order keeps the view count where the date orders keep the publish time (see Position).
        return query with
        {
            After = order == SortOrder.MostViewed ? new VideoPosition(default, position!.Value.VideoId, position.Value.PublishedAt.Ticks) : position,
        };
    }

    /// <summary>
    /// YouTube's buckets (search.list's <c>videoDuration</c>): short under 4 minutes, medium 4 to 20, long over 20;
    /// a video of no length yet (a broadcast upcoming or live) is in none. Or minDuration/maxDuration, inclusive.
    /// </summary>
    private static (int? Min, int? Max) DurationBounds(ListVideosRequest request, ParameterErrors errors)
    {
        var min = Seconds(request.MinDuration);
        var max = Seconds(request.MaxDuration);
        if (!string.IsNullOrEmpty(request.Duration))
        {
            if (min is not null || max is not null)
            {
                errors.Add("duration", "Give duration or minDuration/maxDuration, not both.");
            }

            return request.Duration switch
            {
                ListVideosRequest.DurationShort => (1, (4 * 60) - 1),
                ListVideosRequest.DurationMedium => (4 * 60, 20 * 60),
                _ => ((20 * 60) + 1, null),
            };
        }

        if (min > max)
        {
            errors.Add("maxDuration", "maxDuration must be not shorter than minDuration.");
        }

        return (min, max);
    }

    /// <summary>Seconds of an ISO 8601 duration the request's pattern accepted (capped at int.MaxValue); null when absent.</summary>
    private static int? Seconds(string? duration)
    {
        if (string.IsNullOrEmpty(duration))
        {
            return null;
        }

        try
        {
            return (int)Math.Min(int.MaxValue, System.Xml.XmlConvert.ToTimeSpan(duration).TotalSeconds);
        }
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            return int.MaxValue;
        }
    }

    /// <summary>What a cursor is bound to: the search, the filters and the order, not the page size.</summary>
    private static string Scope(VideoQuery query) => string.Join(
        '|',
        query.Order,
        string.Join(' ', query.Words),
        query.ChannelId,
        query.PublishedAfter?.Ticks.ToString(CultureInfo.InvariantCulture),
        query.PublishedBefore?.Ticks.ToString(CultureInfo.InvariantCulture),
        query.MinDurationSeconds?.ToString(CultureInfo.InvariantCulture),
        query.MaxDurationSeconds?.ToString(CultureInfo.InvariantCulture),
        query.Shorts,
        query.Live);

    /// <summary>
    /// The cursor's position: the publish time and id, or for the views order the view count in the publish time's
    /// place (the cursor's layout has one 64-bit key; its scope says which order it belongs to).
    /// </summary>
    private static VideoPosition Position(VideoRecord video, SortOrder order) =>
        order == SortOrder.MostViewed
            ? new VideoPosition(new DateTime(Math.Clamp(video.Details?.ViewCount ?? 0, 0, DateTime.MaxValue.Ticks), DateTimeKind.Utc), video.VideoId)
            : new VideoPosition(video.PublishedAt, video.VideoId);
}
