using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using YouTubeFeed.YouTubeEmulator.Catalog;
using YouTubeFeed.YouTubeEmulator.Realism;

namespace YouTubeFeed.YouTubeEmulator.Admin;

internal static class VideoAdmin
{
    private const int LargestBatch = 1_000_000;
    private const string RandomDelay = "random";
    private static readonly TimeSpan LongestSpan = TimeSpan.FromDays(365 * 50);

    public static void MapVideoAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/videos", Publish);
        admin.MapGet("/videos", List);
        admin.MapDelete("/videos", (VideoCatalog catalog) =>
        {
            catalog.Clear();
            return TypedResults.NoContent();
        });
        admin.MapPost("/videos/{videoId}/visibility", SetVisibility);
        admin.MapPut("/videos/{videoId}/details", SetDetails);
    }

    /// <param name="include"><c>all</c>: also videos search does not list now (not yet indexed, private,
    /// deleted); default: what search can return now, which is what a client can be expected to have.</param>
    private static Ok<AdminVideo[]> List(string? query, string? include, VideoCatalog catalog, TimeProvider time)
    {
        var everything = string.Equals(include, "all", StringComparison.OrdinalIgnoreCase);
        var now = time.GetUtcNow();
        return TypedResults.Ok(catalog.List(query)
            .Where(video => everything || video.IsListedAt(now))
            .Select(video => AdminVideo.From(video, now))
            .ToArray());
    }

    private static Results<Ok<AdminVideo[]>, ValidationProblem> Publish(
        PublishVideosRequest request,
        VideoFactory factory,
        VideoCatalog catalog,
        IndexingDelay indexing,
        TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        var count = request.Count ?? 1;
        var spacing = request.Spacing ?? TimeSpan.FromSeconds(1);
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            errors["query"] = ["A query (topic) is required."];
        }

        if (request.Items is { } items)
        {
            if (items.Count is < 1 or > LargestBatch)
            {
                errors["items"] = [$"Must hold between 1 and {LargestBatch} videos."];
            }
        }
        else if (count is < 1 or > LargestBatch)
        {
            errors["count"] = [$"Must be between 1 and {LargestBatch}."];
        }
        else if (spacing < TimeSpan.Zero || spacing.Ticks > LongestSpan.Ticks / count)
        {
            errors["spacing"] = ["Must not be negative, nor reach back more than 50 years."];
        }

        var delays = (request.Items?.Select(item => item.IndexDelay) ?? []).Append(request.IndexDelay);
        if (delays.Any(delay => !IsDelay(delay)))
        {
            errors["indexDelay"] = ["Must be hh:mm:ss (not negative) or \"random\"."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = time.GetUtcNow();
        var overrides = new VideoOverrides(request.Title, request.Description, request.ChannelId, request.ChannelTitle);
        var videos = request.Items is { } explicitItems
            ? explicitItems.Select(item => factory.Create(
                request.Query!,
                item.PublishedAt ?? now,
                DelayOf(item.IndexDelay ?? request.IndexDelay, indexing),
                new VideoOverrides(
                    item.Title ?? overrides.Title,
                    item.Description ?? overrides.Description,
                    item.ChannelId ?? overrides.ChannelId,
                    item.ChannelTitle ?? overrides.ChannelTitle))).ToArray()
            : Enumerable.Range(0, count)
                .Select(index => factory.Create(request.Query!, (request.PublishedAt ?? now) - (spacing * index), DelayOf(request.IndexDelay, indexing), overrides))
                .ToArray();
        return TypedResults.Ok(catalog.Publish(videos).Select(video => AdminVideo.From(video, now)).ToArray());
    }

    private static Results<Ok<AdminVideo>, NotFound, ValidationProblem> SetVisibility(
        string videoId,
        VisibilityRequest request,
        VideoCatalog catalog,
        TimeProvider time)
    {
        if (!Visibilities.TryParse(request.Visibility, out var visibility))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["visibility"] = ["Must be public, private or deleted."],
            });
        }

        return catalog.SetVisibility(videoId, visibility) is { } video
            ? TypedResults.Ok(AdminVideo.From(video, time.GetUtcNow()))
            : TypedResults.NotFound();
    }

    private static Results<Ok<AdminVideo>, NotFound, ValidationProblem> SetDetails(
        string videoId,
        VideoDetailsUpdate request,
        VideoCatalog catalog,
        VideoDetailsGenerator generator,
        TimeProvider time)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (VideoDetailsEditor.Read(request, now, errors) is not { } edit)
        {
            return TypedResults.ValidationProblem(errors);
        }

        string? conflict = null;
        var video = catalog.SetDetails(videoId, current =>
            VideoDetailsEditor.Apply(current.Details, edit, now, () => generator.BroadcastLength(videoId), out conflict));
        if (video is null)
        {
            return TypedResults.NotFound();
        }

        return conflict is null
            ? TypedResults.Ok(AdminVideo.From(video, now))
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["scheduledStartTime"] = [conflict] });
    }

    private static bool IsDelay(string? text) =>
        text is null || text.Equals(RandomDelay, StringComparison.OrdinalIgnoreCase)
        || (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var delay) && delay >= TimeSpan.Zero);

    // An admin caller says what it wants: without an indexDelay its videos are listed at once.
    private static TimeSpan DelayOf(string? text, IndexingDelay indexing) =>
        text is null ? TimeSpan.Zero
        : text.Equals(RandomDelay, StringComparison.OrdinalIgnoreCase) ? indexing.Draw()
        : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
}
