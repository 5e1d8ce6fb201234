using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Bench;

/// <summary>
/// Walks <c>/api/videos?limit=100</c> (with an optional filter, e.g. <c>shorts=exclude</c>) page by page with an
/// HttpClient, as a client scrolling down would, and keeps the cursor (and the keyset position behind it) of the
/// pages the benchmark measures.
/// </summary>
public sealed class CursorWalk(Uri baseAddress, TextWriter log)
{
    public const int Limit = 100;

    /// <summary>
    /// Walks up to the last of <paramref name="pages"/> and keeps their cursors; with <paramref name="pages"/> null,
    /// walks to the end of the listing and keeps every page's cursor (a filtered listing's length is only known then).
    /// </summary>
    public async Task<CursorWalkResult> WalkAsync(IReadOnlyList<long>? pages, CancellationToken cancellationToken, string? filter = null)
    {
        var first = filter is null ? $"api/videos?limit={Limit}" : $"api/videos?limit={Limit}&{filter}";
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var last = pages?.Max() ?? long.MaxValue;
        var cursors = new Dictionary<long, (string Cursor, VideoPosition Position)>();
        var latencies = new List<double>();
        string? cursor = null;
        VideoPosition position = default;
        var seen = 0L;
        var stopwatch = Stopwatch.StartNew();
        for (long page = 1; page <= last; page++)
        {
            if (page > 1)
            {
                if (cursor is null && pages is null)
                {
                    last = page - 1;
                    break;
                }

                if (cursor is null)
                {
                    throw new InvalidOperationException($"The walk ended at page {page - 1}: no nextCursor.");
                }

                if (pages?.Contains(page) ?? true)
                {
                    cursors[page] = (cursor, position);
                }
            }

            var url = page == 1 ? first : $"{first}&cursor={Uri.EscapeDataString(cursor!)}";
            var t = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative), cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(body);
            var items = json.RootElement.GetProperty("items");
            seen += items.GetArrayLength();
            var lastItem = items[items.GetArrayLength() - 1];
            position = new VideoPosition(
                lastItem.GetProperty("publishedAt").GetDateTime().ToUniversalTime(), lastItem.GetProperty("videoId").GetString()!);
            cursor = json.RootElement.GetProperty("nextCursor").GetString();
            if (page % 2000 == 0)
            {
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  cursor walk{(filter is null ? "" : $" ({filter})")} at page {page:N0}{(pages is null ? "" : $"/{last:N0}")}"));
            }
        }

        var elapsed = stopwatch.Elapsed;
        latencies.Sort();
        return new CursorWalkResult(
            last, seen, elapsed.TotalSeconds, Stats.Percentile(latencies, 0.5), Stats.Percentile(latencies, 0.99), cursors);
    }
}

public sealed record CursorWalkResult(
    long Pages, long Videos, double Seconds, double PageP50Ms, double PageP99Ms,
    Dictionary<long, (string Cursor, VideoPosition Position)> Cursors);
