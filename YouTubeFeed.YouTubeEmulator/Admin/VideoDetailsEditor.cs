using YouTubeFeed.YouTubeEmulator.Catalog;

namespace YouTubeFeed.YouTubeEmulator.Admin;

/// <summary>A <see cref="VideoDetailsUpdate"/> whose values are read and valid on their own.</summary>
internal sealed record DetailsEdit(
    TimeSpan? Duration,
    long? ViewCount,
    long? LikeCount,
    long? CommentCount,
    LiveState? Live,
    DateTimeOffset? ScheduledStartTime,
    string? Definition);

/// <summary>
/// Applies the admin API's changes to a video's details, keeping a broadcast's duration its length (it ends
/// <c>duration</c> after it starts). Times are whole seconds, like every time the emulator shows.
/// </summary>
internal static class VideoDetailsEditor
{
    private static readonly TimeSpan DefaultLeadTime = TimeSpan.FromHours(1);

    /// <summary>Reads the request; errors by field, as a validation problem lists them.</summary>
    public static DetailsEdit? Read(VideoDetailsUpdate update, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        TimeSpan? duration = null;
        if (update.Duration is not null)
        {
            if (IsoDuration.TryParse(update.Duration, out var parsed) && parsed >= TimeSpan.FromSeconds(1))
            {
                duration = parsed;
            }
            else
            {
                errors["duration"] = ["Must be an ISO 8601 duration of at least one second, e.g. PT4M13S, PT1H, P1DT2H."];
            }
        }

        foreach (var (name, value) in new[] { ("viewCount", update.ViewCount), ("likeCount", update.LikeCount), ("commentCount", update.CommentCount) })
        {
            if (value is < 0 or > VideoDetails.LargestCount)
            {
                errors[name] = [$"Must be between 0 and {VideoDetails.LargestCount}."];
            }
        }

        LiveState? live = null;
        if (update.Live is not null)
        {
            if (LiveStates.TryParse(update.Live, out var state))
            {
                live = state;
            }
            else
            {
                errors["live"] = [$"Must be one of: {string.Join(", ", LiveStates.Names)}."];
            }
        }

        var scheduled = update.ScheduledStartTime is { } at ? PublishTime.ToWholeSecond(at) : (DateTimeOffset?)null;
        if (live == LiveState.Upcoming && scheduled <= now)
        {
            errors["scheduledStartTime"] = ["An upcoming broadcast starts after now."];
        }

        if (update.Definition is not (null or "hd" or "sd"))
        {
            errors["definition"] = ["Must be hd or sd."];
        }

        return errors.Count > 0
            ? null
            : new DetailsEdit(duration, update.ViewCount, update.LikeCount, update.CommentCount, live, scheduled, update.Definition);
    }

    /// <param name="broadcastLength">The length of a broadcast the video did not have before, when the edit gives none.</param>
    /// <param name="conflict">Why the edit does not fit the video as it is; then the details come back unchanged.</param>
    public static VideoDetails Apply(
        VideoDetails details,
        DetailsEdit edit,
        DateTimeOffset now,
        Func<TimeSpan> broadcastLength,
        out string? conflict)
    {
        conflict = null;
        now = PublishTime.ToWholeSecond(now);
        var duration = edit.Duration ?? details.Duration;
        var live = details.Live;
        switch (edit.Live)
        {
            case LiveState.None:
                live = null;
                break;
            case LiveState.Upcoming:
                {
                    var length = Length(details, edit, broadcastLength);
                    var start = edit.ScheduledStartTime ?? now + DefaultLeadTime;
                    (live, duration) = (new LiveSchedule(start, start, start + length), length);
                    break;
                }

            case LiveState.Live:
                {
                    var length = Length(details, edit, broadcastLength);
                    (live, duration) = (new LiveSchedule(edit.ScheduledStartTime ?? details.Live?.ScheduledStart, now, now + length), length);
                    break;
                }

            case LiveState.Ended:
                {
                    var length = Length(details, edit, broadcastLength);
                    (live, duration) = (new LiveSchedule(edit.ScheduledStartTime ?? details.Live?.ScheduledStart, now - length, now), length);
                    break;
                }

            case null when edit.ScheduledStartTime is { } start:
                if (details.LiveAt(now) != LiveState.Upcoming)
                {
                    conflict = $"scheduledStartTime alone reschedules an upcoming broadcast; this video is {details.LiveAt(now).Name()} (send live too).";
                    return details;
                }

                if (start <= now)
                {
                    conflict = "An upcoming broadcast starts after now.";
                    return details;
                }

                live = new LiveSchedule(start, start, start + duration);
                break;
            case null when edit.Duration is { } length && live is not null:
                live = live with { ActualEnd = live.ActualStart + length };
                break;
        }

        return details with
        {
            Duration = duration,
            Definition = edit.Definition ?? details.Definition,
            ViewCount = edit.ViewCount ?? details.ViewCount,
            LikeCount = edit.LikeCount ?? details.LikeCount,
            CommentCount = edit.CommentCount ?? details.CommentCount,
            Live = live,
        };
    }

    // A broadcast keeps its length unless the edit gives one; a video that becomes one draws a length.
    private static TimeSpan Length(VideoDetails details, DetailsEdit edit, Func<TimeSpan> broadcastLength) =>
        edit.Duration ?? (details.Live is not null ? details.Duration : broadcastLength());
}
