using System.Globalization;
using System.Text.Json;
using System.Xml;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Worker.YouTube;

/// <summary>Reads a <c>videos.list</c> answer into <see cref="VideoDetails"/>.</summary>
internal static class VideosWire
{
    /// <summary>Google's limit of ids per call.</summary>
    public const int MostIds = 50;

    public const string Parts = "videos?part=contentDetails,statistics,snippet,liveStreamingDetails";

    public static VideosOutcome Read(byte[] body, DateTime now)
    {
        VideoListResponse? page;
        try
        {
            page = JsonSerializer.Deserialize(body, VideosJsonContext.Default.VideoListResponse);
        }
        catch (JsonException exception)
        {
            return Failure("malformedResponse", $"The answer is not valid JSON: {exception.Message}");
        }

        if (page?.Items is null)
        {
            return Failure("unexpectedShape", "The answer has no items list.");
        }

        var videos = new Dictionary<string, VideoDetails>(StringComparer.Ordinal);
        foreach (var item in page.Items)
        {
            if (item?.Id is not { Length: > 0 } id || ToDetails(item, now) is not { } details)
            {
                // A video we cannot read would be taken for gone: read the batch again later.
                return Failure("unexpectedShape", "A video lacks its id, contentDetails or duration.");
            }

            videos[id] = details;
        }

        return new VideosAnswer(videos);
    }

    /// <summary>Whole seconds of an ISO 8601 duration as YouTube writes it (<c>PT4M13S</c>, <c>P1DT2H</c>, <c>P0D</c>).</summary>
    public static int? Seconds(string? duration)
    {
        if (string.IsNullOrEmpty(duration))
        {
            return null;
        }

        try
        {
            return (int)Math.Min(int.MaxValue, Math.Floor(XmlConvert.ToTimeSpan(duration).TotalSeconds));
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static VideoDetails? ToDetails(VideoResource item, DateTime now)
    {
        if (Seconds(item.ContentDetails?.Duration) is not { } seconds)
        {
            return null;
        }

        var broadcast = item.LiveStreamingDetails;
        var live = item.Snippet?.LiveBroadcastContent switch
        {
            "upcoming" => LiveState.Upcoming,
            "live" => LiveState.Live,
            _ when broadcast is not null => LiveState.Ended,
            _ => LiveState.None,
        };
        return new VideoDetails(
            seconds,
            Count(item.Statistics?.ViewCount),
            Count(item.Statistics?.LikeCount),
            Count(item.Statistics?.CommentCount),
            now,
            live,
            broadcast?.ScheduledStartTime?.UtcDateTime,
            broadcast?.ActualStartTime?.UtcDateTime,
            broadcast?.ActualEndTime?.UtcDateTime,
            item.ContentDetails?.Definition ?? "",
            VideoDetails.IsShortRule(seconds, live),
            now);
    }

    private static long? Count(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;

    private static VideosFailure Failure(string reason, string detail) =>
        new(new SearchFailure(FailureKind.Other, 200, reason, detail));
}
