using Microsoft.AspNetCore.Http.HttpResults;
using YouTubeFeed.YouTubeEmulator.Catalog;

namespace YouTubeFeed.YouTubeEmulator.Admin;

internal static class VideoAdmin
{
    private const int LargestBatch = 1_000_000;
    private static readonly TimeSpan LongestSpan = TimeSpan.FromDays(365 * 50);

    public static void MapVideoAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/videos", Publish);
        admin.MapGet("/videos", (string? query, VideoCatalog catalog) =>
            TypedResults.Ok(catalog.List(query).Select(AdminVideo.From).ToArray()));
        admin.MapDelete("/videos", (VideoCatalog catalog) =>
        {
            catalog.Clear();
            return TypedResults.NoContent();
        });
    }

    private static Results<Ok<AdminVideo[]>, ValidationProblem> Publish(
        PublishVideosRequest request,
        VideoFactory factory,
        VideoCatalog catalog,
        TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        var count = request.Count ?? 1;
        var spacing = request.Spacing ?? TimeSpan.FromSeconds(1);
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            errors["query"] = ["A query (topic) is required."];
        }

        if (count is < 1 or > LargestBatch)
        {
            errors["count"] = [$"Must be between 1 and {LargestBatch}."];
        }
        else if (spacing < TimeSpan.Zero || spacing.Ticks > LongestSpan.Ticks / count)
        {
            errors["spacing"] = ["Must not be negative, nor reach back more than 50 years."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var newest = request.PublishedAt ?? time.GetUtcNow();
        var overrides = new VideoOverrides(request.Title, request.Description, request.ChannelId, request.ChannelTitle);
        var videos = Enumerable.Range(0, count)
            .Select(index => factory.Create(request.Query!, newest - (spacing * index), overrides))
            .ToArray();
        return TypedResults.Ok(catalog.Publish(videos).Select(AdminVideo.From).ToArray());
    }
}
