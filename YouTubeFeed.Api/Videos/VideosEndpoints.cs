using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using YouTubeFeed.Api.Http;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Api.Videos;

/// <summary><c>GET /api/videos</c>: keyset pages, search and filters, newest (or oldest) first.</summary>
public static class VideosEndpoints
{
    public static RouteGroupBuilder MapVideosApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/videos").WithTags("Videos");
        group.MapGet("", ListAsync)
            .WithName("ListVideos")
            .WithSummary("Lists stored videos, newest first, with search, filters and cursor paging.")
            .WithDescription(
                "Pages follow (publishedAt, videoId) in the chosen order, so a page never repeats or skips a video while " +
                "new ones arrive. `q` matches videos whose title or description contains every word, in any order, each " +
                "word also as the start of a longer word (`foot` finds `Football`), ignoring case and accents; common " +
                "words count like any other. A search walks a bounded part of the index per request: a page it could not " +
                "fill within that bound has `partial: true` and a `nextCursor` that continues the search (it may be short, " +
                "even empty). Send `If-None-Match` with the last ETag to get 304 when nothing changed.")
            .Produces<VideoPageDto>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task<Results<RenderedResponse, ProblemHttpResult>> ListAsync(
        HttpRequest request,
        VideoReader reader,
        FirstPageSnapshots snapshots,
        CursorCodec cursors,
        [Description("Videos per page: an integer from 1 to 100. Default 20.")] string? limit,
        [Description("Opaque cursor from the previous page's `nextCursor`; valid only with the same q, filters and order.")] string? cursor,
        [Description("Search words (at most 200 characters, 10 words).")] string? q,
        [Description("Only videos of this channel id.")] string? channelId,
        [Description("Only videos published at or after this ISO 8601 instant, e.g. 2026-01-31T00:00:00Z.")] string? publishedAfter,
        [Description("Only videos published before this ISO 8601 instant.")] string? publishedBefore,
        [Description("`desc` (newest first, the default) or `asc` (oldest first).")] string? order,
        CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters(request.Query);
        var query = Parse(parameters, cursors);
        if (!parameters.IsValid || query is null)
        {
            return Problems.BadRequest(parameters);
        }

        if (query.IsPlainFirstPage)
        {
            var entry = await snapshots.GetAsync(cancellationToken);
            return entry.Render("api/videos", query.Limit, (snapshot, size) => RenderFirstPage(snapshot, size, cursors));
        }

        var page = await reader.ReadPageAsync(query with { Limit = query.Limit + 1 }, cancellationToken);
        var items = page.Videos.Take(query.Limit).ToList();
        // A search that stopped at its walk budget returns a short page: the cursor continues where it stopped.
        var partial = page.Videos.Count <= query.Limit && page.ContinueAfter is not null;
        var next = page.Videos.Count > query.Limit ? cursors.Encode(Position(items[^1]), Scope(query))
            : partial ? cursors.Encode(page.ContinueAfter!.Value, Scope(query))
            : null;
        return RenderedResponse.Json(
            new VideoPageDto(items.Select(VideoDto.From).ToList(), next) { Partial = partial }, ApiJsonContext.Default.VideoPageDto);
    }

    private static RenderedResponse RenderFirstPage(FirstPageSnapshot snapshot, int limit, CursorCodec cursors)
    {
        var items = snapshot.Videos.Take(limit).ToList();
        var more = snapshot.Videos.Count > limit || snapshot.TotalCount > limit;
        var next = more && items.Count > 0 ? cursors.Encode(Position(items[^1]), Scope(new VideoQuery())) : null;
        return RenderedResponse.Json(new VideoPageDto(items.Select(VideoDto.From).ToList(), next), ApiJsonContext.Default.VideoPageDto);
    }

    private static VideoQuery? Parse(QueryParameters parameters, CursorCodec cursors)
    {
        var limit = parameters.Integer("limit", 20, 1, 100, "an integer from 1 to 100");

        var orderText = parameters.Single("order");
        var order = orderText?.ToLowerInvariant() switch
        {
            null or "" or "desc" or "newest" => SortOrder.NewestFirst,
            "asc" or "oldest" => SortOrder.OldestFirst,
            _ => (SortOrder?)null,
        };
        if (order is null)
        {
            parameters.Fail("order", "order must be desc (newest first) or asc (oldest first).");
        }

        IReadOnlyList<string> words = [];
        var q = parameters.Single("q");
        if (q is { Length: > ApiOptions.MaxQueryLength })
        {
            parameters.Fail("q", $"q is {q.Length} characters long; at most {ApiOptions.MaxQueryLength} are allowed.");
        }
        else if (!string.IsNullOrWhiteSpace(q))
        {
            words = SearchTerms.QueryWords(q);
            if (words.Count == 0)
            {
                parameters.Fail("q", "q has no letters or digits to search for.");
            }
            else if (words.Count > ApiOptions.MaxQueryWords)
            {
                parameters.Fail("q", $"q has {words.Count} words; at most {ApiOptions.MaxQueryWords} are allowed.");
            }
        }

        var channelId = parameters.Single("channelId");
        if (channelId is { Length: 0 })
        {
            channelId = null;
        }
        else if (channelId is not null && (channelId.Length > VideoLimits.ChannelIdLength || !channelId.All(IsChannelIdChar)))
        {
            parameters.Fail("channelId", $"channelId must be a YouTube channel id: letters, digits, '-' and '_', at most {VideoLimits.ChannelIdLength}.");
        }

        var after = parameters.Instant("publishedAfter");
        var before = parameters.Instant("publishedBefore");
        if (after is not null && before is not null && after >= before)
        {
            parameters.Fail("publishedBefore", "publishedBefore must be later than publishedAfter.");
        }

        if (!parameters.IsValid)
        {
            return null;
        }

        var query = new VideoQuery
        {
            Limit = limit,
            Order = order!.Value,
            Words = words,
            ChannelId = channelId,
            PublishedAfter = after,
            PublishedBefore = before,
        };

        var cursorText = parameters.Single("cursor");
        if (string.IsNullOrEmpty(cursorText))
        {
            return parameters.IsValid ? query : null;
        }

        if (cursorText.Length > 512)
        {
            parameters.Fail("cursor", "cursor is not a cursor issued by this API (use nextCursor from a previous page).");
            return null;
        }

        var (position, error) = cursors.Decode(cursorText, Scope(query));
        if (error is not null)
        {
            parameters.Fail("cursor", error);
            return null;
        }

        return query with { After = position };
    }

    /// <summary>What a cursor is bound to: the search, the filters and the order, not the page size.</summary>
    private static string Scope(VideoQuery query) => string.Join(
        '|',
        query.Order,
        string.Join(' ', query.Words),
        query.ChannelId,
        query.PublishedAfter?.Ticks.ToString(CultureInfo.InvariantCulture),
        query.PublishedBefore?.Ticks.ToString(CultureInfo.InvariantCulture));

    private static VideoPosition Position(VideoRecord video) => new(video.PublishedAt, video.VideoId);

    private static bool IsChannelIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
