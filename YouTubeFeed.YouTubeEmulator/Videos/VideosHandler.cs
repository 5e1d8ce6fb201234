using System.Globalization;
using YouTubeFeed.YouTubeEmulator.Calls;
using YouTubeFeed.YouTubeEmulator.Catalog;
using YouTubeFeed.YouTubeEmulator.Faults;
using YouTubeFeed.YouTubeEmulator.Quota;
using YouTubeFeed.YouTubeEmulator.Realism;
using YouTubeFeed.YouTubeEmulator.Search;

namespace YouTubeFeed.YouTubeEmulator.Videos;

/// <summary>
/// Answers videos.list by id in the order of concerns of search.list (<see cref="CallGate"/>), charged to the
/// project's general bucket: the public videos among the ids asked, in the order asked; ids of private, deleted or
/// unknown videos are simply absent, as on YouTube. Counts and broadcast state are those at the moment of the call.
/// </summary>
internal sealed partial class VideosHandler(
    VideoCatalog catalog,
    CallGate gate,
    CallLog calls,
    Chance chance,
    TimeProvider time,
    ILogger<VideosHandler> logger)
{
    private const int ClientClosedRequest = 499;

    private static readonly FaultBodySet Bodies = new(
        """{"kind":"youtube#videoListResponse","etag":"malformed","items":[{"kind":"youtube#video","etag":"x","id":""",
        variant => variant == Fault.MissingItems
            ? """{"kind":"youtube#videoListResponse","etag":"unexpected-shape","pageInfo":{"totalResults":1,"resultsPerPage":1}}"""
            : """{"kind":"youtube#videoListResponse","etag":"unexpected-shape","items":{"kind":"youtube#video","id":"not-an-array"},"pageInfo":{"totalResults":1,"resultsPerPage":1}}""");

    public async Task<IResult> HandleAsync(VideoParameters parameters, HttpResponse response, CancellationToken aborted)
    {
        var key = parameters.Key;
        var parsed = VideoListRequestParser.Parse(parameters);
        var call = new RecordedCall(
            time.GetUtcNow(),
            key is null ? null : KeyFingerprint.Of(key),
            Query: null,
            PageToken: null,
            Page: null,
            MaxResults: null,
            PublishedAfter: null,
            PublishedBefore: null,
            Status: null,
            Reason: null,
            Method: ApiMethod.Videos,
            Ids: parsed.Ids);
        var entry = calls.Begin(call);

        try
        {
            var answer = await AnswerAsync(key, parsed, aborted);
            if (answer.RetryAfter is { } seconds)
            {
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            Finish(entry, call with { Project = answer.Project, Items = answer.Items }, answer.Status, answer.Reason);
            return answer.Result;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            Finish(entry, call, ClientClosedRequest, "clientClosedRequest");
            throw;
        }
    }

    private async Task<ApiAnswer> AnswerAsync(string? key, ParsedVideoList parsed, CancellationToken aborted)
    {
        var admission = await gate.AdmitAsync(key, ApiMethod.Videos, null, null, QuotaBucket.General, aborted);
        if (admission.Refusal is { } refusal)
        {
            return refusal;
        }

        var answer = await AnswerChargedAsync(admission.Target!, parsed, aborted);
        return answer with { Project = admission.Project };
    }

    private async Task<ApiAnswer> AnswerChargedAsync(FaultTarget target, ParsedVideoList parsed, CancellationToken aborted)
    {
        if (parsed.Request is not { } request)
        {
            return ApiAnswer.Error(parsed.Error!);
        }

        var (forced, fault) = await gate.TakeChargedFaultAsync(target, Bodies, aborted);
        if (forced is not null)
        {
            return forced;
        }

        if (fault is null && gate.RandomBackendError() is { } failed)
        {
            return failed;
        }

        var found = Found(request);
        return fault is null ? found : found with { Reason = fault.Kind.Name() };
    }

    private ApiAnswer Found(VideoListRequest request)
    {
        var now = time.GetUtcNow();
        var items = catalog.Find(request.Ids)
            .Where(video => video.IsAvailableAt(now))
            .Select(video => Resource(video, request.Parts, now))
            .ToArray();
        var response = new VideoListResponse(
            "youtube#videoListResponse",
            Etag.Of(items.Select(item => item.Etag)),
            items,
            new PageInfo(items.Length, items.Length));
        return new ApiAnswer(StatusCodes.Status200OK, null, TypedResults.Ok(response)) { Items = items.Length };
    }

    private VideoResource Resource(Video video, VideoParts parts, DateTimeOffset now)
    {
        var details = video.Details;
        var state = details.LiveAt(now);
        var counts = details.StatisticsAt(video.PublishedAt, now);
        var duration = state is LiveState.Upcoming or LiveState.Live ? IsoDuration.Zero : IsoDuration.Format(details.Duration);
        var publishedAt = PublishTime.Format(video.PublishedAt);
        var live = state.BroadcastContent();
        var hd = details.Definition == "hd";

        var snippet = parts.HasFlag(VideoParts.Snippet)
            ? new VideoSnippet(
                publishedAt,
                video.ChannelId,
                video.Title,
                video.Description,
                VideoThumbnails.For(video.VideoId, hd),
                video.ChannelTitle,
                details.CategoryId,
                live,
                new LocalizedText(video.Title, video.Description),
                "en")
            : null;
        var contentDetails = parts.HasFlag(VideoParts.ContentDetails)
            ? new VideoContentDetails(duration, "2d", details.Definition, "false", details.LicensedContent, new ContentRating(), "rectangular")
            : null;
        var statistics = parts.HasFlag(VideoParts.Statistics)
            ? new VideoStatistics(Text(counts.Views), Text(counts.Likes), "0", Text(counts.Comments))
            : null;
        var liveDetails = parts.HasFlag(VideoParts.LiveStreamingDetails) && details.Live is { } schedule
            ? LiveDetails(video.VideoId, schedule, state, details.Popularity, now)
            : null;

        var etag = Etag.Of(
            "youtube#video",
            video.VideoId,
            ((int)parts).ToString(CultureInfo.InvariantCulture),
            publishedAt,
            video.Title,
            video.Description,
            video.ChannelTitle,
            duration,
            details.Definition,
            live,
            Text(counts.Views),
            Text(counts.Likes),
            Text(counts.Comments),
            liveDetails?.ActualStartTime,
            liveDetails?.ActualEndTime,
            liveDetails?.ScheduledStartTime,
            liveDetails?.ConcurrentViewers);
        return new VideoResource("youtube#video", etag, video.VideoId, snippet, contentDetails, statistics, liveDetails);
    }

    // Times appear once they are known; viewers while live: a few percent of the video's popularity, varying by
    // the minute (a function of the seed, the video and the minute).
    private VideoLiveStreamingDetails LiveDetails(string videoId, LiveSchedule schedule, LiveState state, double popularity, DateTimeOffset now)
    {
        string? viewers = null;
        if (state == LiveState.Live)
        {
            var minute = (now.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture);
            var watching = popularity * 0.02 * (0.5 + chance.Unit("viewers", videoId, minute));
            viewers = Text(Math.Max(1, (long)Math.Min(watching, VideoDetails.LargestCount)));
        }

        return new VideoLiveStreamingDetails(
            state is LiveState.Live or LiveState.Ended ? PublishTime.Format(schedule.ActualStart) : null,
            state == LiveState.Ended ? PublishTime.Format(schedule.ActualEnd) : null,
            schedule.ScheduledStart is { } scheduled ? PublishTime.Format(scheduled) : null,
            viewers);
    }

    private static string Text(long count) => count.ToString(CultureInfo.InvariantCulture);

    private void Finish(CallLog.Entry entry, RecordedCall call, int status, string? reason)
    {
        var completed = call with { Status = status, Reason = reason };
        calls.Complete(entry, completed);
        LogCall(logger, completed.Ids ?? 0, completed.Items, completed.KeyFingerprint ?? "(none)", status, reason ?? "ok");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "videos ids={Ids} items={Items} key={KeyFingerprint}: {Status} {Reason}")]
    private static partial void LogCall(ILogger logger, int ids, int? items, string keyFingerprint, int status, string reason);
}
