using MySqlConnector;

namespace YouTubeFeed.Data.Videos;

/// <summary>
/// Serves the original API's offset pages (<c>/getData?pageNo=k</c>) without walking k × limit index
/// entries for every request. It remembers "anchors": the video at every <see cref="Spacing"/>-th offset,
/// newest first. A deep page then walks at most <see cref="Spacing"/> entries from the nearest anchor.
/// </summary>
/// <remarks>
/// Videos are only ever inserted, never deleted, so an anchor's offset can only grow: by the number of
/// videos stored since the anchor was taken that sort before it, which one range read on
/// <c>first_seen_at</c> counts exactly (both instants come from the database's clock). Anchors are dropped
/// after <see cref="Lifetime"/> so that anything that bends this (a video whose publish time changed, a
/// transaction that committed late) is forgotten soon.
/// </remarks>
public sealed class OffsetPager(MySqlDataSource dataSource, VideoReader reader)
{
    public const int Spacing = 2_000;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly Lock gate = new();
    private readonly SortedList<long, Anchor> anchors = [];

    private sealed record Anchor(VideoPosition Position, long Offset, DateTime TakenAt);

    /// <summary>The page at <paramref name="offset"/> of the list as it is now, newest first.</summary>
    public async Task<IReadOnlyList<VideoRecord>> PageAsync(long offset, int limit, CancellationToken cancellationToken)
    {
        if (offset < Spacing)
        {
            return await reader.PageAtOffsetAsync(offset, limit, cancellationToken);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await LivePageAsync(connection, offset, limit, await DatabaseNowAsync(connection, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The page at <paramref name="offset"/> of the list as it stood when a first page was read: the videos at or
    /// below that page's newest one (<paramref name="head"/>), less those stored since <paramref name="asOf"/>. So
    /// <c>/getData</c> pages 2, 3, … continue exactly where the cached page 1 ends, and its count describes them,
    /// however many videos arrived since, on top or (YouTube lists some late) further down.
    /// </summary>
    /// <remarks>
    /// Videos stored since <paramref name="asOf"/> are few (one fetch interval's worth) and found through
    /// <c>ix_videos_first_seen_at</c>; those on top only move the start, those below are read and dropped.
    /// </remarks>
    public async Task<IReadOnlyList<VideoRecord>> PageAsOfAsync(
        VideoPosition head, DateTime asOf, long offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (now, above, late) = await BeginAsOfAsync(connection, head, asOf, cancellationToken);

        // The entry at `offset` of the list as it stood lies at `above + offset` now, moved down by the late videos
        // before it (at most all of them): one window from there holds the whole page.
        var window = await LivePageAsync(connection, above + offset, limit + late.Count, now, cancellationToken);
        await using (var commit = new MySqlCommand("COMMIT", connection))
        {
            await commit.ExecuteNonQueryAsync(cancellationToken);
        }

        if (late.Count == 0)
        {
            return window;
        }

        var lateIds = late.Select(l => l.VideoId).ToHashSet(StringComparer.Ordinal);
        var page = new List<VideoRecord>(limit);
        for (var i = 0; i < window.Count && page.Count < limit; i++)
        {
            var video = window[i];
            if (lateIds.Contains(video.VideoId))
            {
                continue;
            }

            // Its place in the list as it stood: its place now, less the late videos before it.
            if (i - late.Count(l => Compare(l, video) > 0) >= 0)
            {
                page.Add(video);
            }
        }

        return page;
    }

    /// <summary>At most this many videos stored since a first page's read are taken into account (a fetch interval brings far fewer).</summary>
    public const int MaxStoredSince = 2_000;

    /// <summary>
    /// Begins one read snapshot for the whole page, so that a video stored meanwhile cannot shift one statement against
    /// another (the clock is read just before, so that anchors taken in it count what arrives after it), and reads in
    /// it how many videos now sort before <paramref name="head"/> and which at or below it were stored since
    /// <paramref name="asOf"/>: one round trip.
    /// </summary>
    private static async Task<(DateTime Now, long Above, List<VideoPosition> Late)> BeginAsOfAsync(
        MySqlConnection connection, VideoPosition head, DateTime asOf, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(
            "SELECT UTC_TIMESTAMP(6); SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY; " +
            "SELECT COUNT(*) FROM videos WHERE published_at > @at OR (published_at = @at AND video_id > @id); " +
            "SELECT published_at, video_id FROM videos WHERE first_seen_at >= @since " +
            $"AND (published_at < @at OR (published_at = @at AND video_id <= @id)) LIMIT {MaxStoredSince}",
            connection);
        Bind(command, head);
        command.Parameters.AddWithValue("@since", asOf);
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        var now = DateTime.SpecifyKind(row.GetDateTime(0), DateTimeKind.Utc);
        await row.NextResultAsync(cancellationToken);
        await row.ReadAsync(cancellationToken);
        var above = row.GetInt64(0);
        await row.NextResultAsync(cancellationToken);
        var late = new List<VideoPosition>();
        while (await row.ReadAsync(cancellationToken))
        {
            late.Add(new VideoPosition(DateTime.SpecifyKind(row.GetDateTime(0), DateTimeKind.Utc), row.GetString(1)));
        }

        return (now, above, late);
    }

    /// <summary>Positive when <paramref name="position"/> sorts before (is newer than) <paramref name="video"/>.</summary>
    private static int Compare(VideoPosition position, VideoRecord video) =>
        position.PublishedAt != video.PublishedAt
            ? position.PublishedAt.CompareTo(video.PublishedAt)
            : string.CompareOrdinal(position.VideoId, video.VideoId);

    /// <summary>The page at a live offset, walking from the nearest anchor (taken or kept as of <paramref name="now"/>).</summary>
    private async Task<IReadOnlyList<VideoRecord>> LivePageAsync(
        MySqlConnection connection, long offset, int limit, DateTime now, CancellationToken cancellationToken)
    {
        if (offset < Spacing)
        {
            return await PageFromAsync(connection, null, offset, limit, cancellationToken);
        }

        var (position, at) = await NearestAnchorAsync(connection, offset, now, cancellationToken);

        var wanted = offset / Spacing * Spacing;
        if (wanted > at)
        {
            // Take the anchor this page belongs to, walking from the nearest one we have.
            if (await PositionAsync(connection, position, wanted - at, cancellationToken) is not { } found)
            {
                return [];
            }

            position = found;
            at = wanted;
            lock (gate)
            {
                anchors[wanted] = new Anchor(found, wanted, now);
            }
        }

        return await PageFromAsync(connection, position, offset - at, limit, cancellationToken);
    }

    /// <summary>The anchor nearest below <paramref name="offset"/> with its offset now (or the top of the list).</summary>
    private async Task<(VideoPosition? Position, long Offset)> NearestAnchorAsync(
        MySqlConnection connection, long offset, DateTime now, CancellationToken cancellationToken)
    {
        List<Anchor> candidates;
        lock (gate)
        {
            foreach (var stale in anchors.Values.Where(a => now - a.TakenAt > Lifetime).ToList())
            {
                anchors.Remove(stale.Offset);
            }

            candidates = anchors.Values.Where(a => a.Offset <= offset).Reverse().Take(3).ToList();
        }

        foreach (var anchor in candidates)
        {
            var current = anchor.Offset + await CountStoredBeforeAsync(connection, anchor, cancellationToken);
            if (current <= offset)
            {
                return (anchor.Position, current);
            }
        }

        return (null, 0);
    }

    private static async Task<long> CountStoredBeforeAsync(MySqlConnection connection, Anchor anchor, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(
            "SELECT COUNT(*) FROM videos WHERE first_seen_at >= @taken " +
            "AND (published_at > @at OR (published_at = @at AND video_id > @id))", connection);
        command.Parameters.AddWithValue("@taken", anchor.TakenAt);
        command.Parameters.AddWithValue("@at", anchor.Position.PublishedAt);
        command.Parameters.AddWithValue("@id", anchor.Position.VideoId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The position <paramref name="skip"/> entries from <paramref name="from"/> (inclusive; null: the newest video).</summary>
    private static async Task<VideoPosition?> PositionAsync(MySqlConnection connection, VideoPosition? from, long skip, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(
            $"SELECT published_at, video_id FROM videos {AtOrAfter(from)} ORDER BY published_at DESC, video_id DESC LIMIT 1 OFFSET @skip",
            connection);
        Bind(command, from);
        command.Parameters.AddWithValue("@skip", skip);
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        return await row.ReadAsync(cancellationToken)
            ? new VideoPosition(DateTime.SpecifyKind(row.GetDateTime(0), DateTimeKind.Utc), row.GetString(1))
            : null;
    }

    private static async Task<IReadOnlyList<VideoRecord>> PageFromAsync(
        MySqlConnection connection, VideoPosition? from, long skip, int limit, CancellationToken cancellationToken)
    {
        // A deferred join: the skip is walked in the narrow index, only the page's rows are read whole.
        await using var command = new MySqlCommand(
            $"SELECT {VideoColumns.Select} FROM (SELECT video_id FROM videos {AtOrAfter(from)} " +
            "ORDER BY published_at DESC, video_id DESC LIMIT @limit OFFSET @skip) page " +
            "JOIN videos v ON v.video_id = page.video_id ORDER BY v.published_at DESC, v.video_id DESC", connection);
        Bind(command, from);
        command.Parameters.AddWithValue("@skip", skip);
        command.Parameters.AddWithValue("@limit", limit);
        var videos = new List<VideoRecord>(limit);
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        while (await row.ReadAsync(cancellationToken))
        {
            videos.Add(VideoColumns.Read(row));
        }

        return videos;
    }

    // The expanded form on purpose: MariaDB does not range-scan the row-value form (see VideoReader).
    private static string AtOrAfter(VideoPosition? from) =>
        from is null ? "" : "WHERE (published_at < @at OR (published_at = @at AND video_id <= @id))";

    private static void Bind(MySqlCommand command, VideoPosition? from)
    {
        if (from is { } position)
        {
            command.Parameters.AddWithValue("@at", position.PublishedAt);
            command.Parameters.AddWithValue("@id", position.VideoId);
        }
    }

    private static async Task<DateTime> DatabaseNowAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SELECT UTC_TIMESTAMP(6)", connection);
        return DateTime.SpecifyKind((DateTime)(await command.ExecuteScalarAsync(cancellationToken))!, DateTimeKind.Utc);
    }
}
