using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Worker.YouTube;

/// <summary>
/// <c>search.list</c> and <c>videos.list</c> over plain HTTP in YouTube's documented JSON (Google's client library is not served here).
/// The key travels in the <c>X-Goog-Api-Key</c> header, so no URL that is logged or traced ever holds it.
/// Every failure comes back as a classified <see cref="SearchFailure"/>: nothing is retried here, since every attempt
/// costs quota and the fetch cycle counts each one (see <see cref="YouTubeClientRegistration"/>).
/// </summary>
public sealed class YouTubeClient(HttpClient http, IOptions<YouTubeClientOptions> options)
{
    public const string ApiKeyHeader = "X-Goog-Api-Key";

    public async Task<SearchOutcome> SearchAsync(SearchRequest request, string apiKey, CancellationToken cancellationToken)
    {
        var (body, failure) = await GetAsync(BuildUri(request), apiKey, cancellationToken);
        return failure ?? ReadPage(body!);
    }

    /// <summary>
    /// <c>videos.list</c> for up to 50 ids (1 unit of the project's general bucket). <paramref name="now"/> stamps
    /// the answer's read time.
    /// </summary>
    public async Task<VideosOutcome> ListVideosAsync(IReadOnlyList<string> videoIds, string apiKey, DateTime now, CancellationToken cancellationToken)
    {
        if (videoIds.Count is 0 or > VideosWire.MostIds)
        {
            throw new ArgumentOutOfRangeException(nameof(videoIds), videoIds.Count, $"videos.list takes 1 to {VideosWire.MostIds} ids.");
        }

        var uri = VideosWire.Parts + "&id=" + string.Join(",", videoIds.Select(Uri.EscapeDataString));
        var (body, failure) = await GetAsync(uri, apiKey, cancellationToken);
        return failure is not null ? new VideosFailure(failure) : VideosWire.Read(body!, now);
    }

    private async Task<(byte[]? Body, SearchFailure? Failure)> GetAsync(string uri, string apiKey, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, uri);
        message.Headers.Add(ApiKeyHeader, apiKey);
        // Real time, whatever TimeProvider the app runs on: the network does not follow a simulated clock.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RequestTimeout);
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            return response.IsSuccessStatusCode
                ? (body, null)
                : (null, YouTubeErrorClassifier.Classify(response.StatusCode, RetryAfter(response), body));
        }
        catch (HttpRequestException exception)
        {
            return (null, new SearchFailure(FailureKind.Transient, null, "network", exception.Message));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new SearchFailure(FailureKind.Transient, null, "timeout", "YouTube did not answer in time."));
        }
    }

    internal static string BuildUri(SearchRequest request)
    {
        var uri = new StringBuilder("search?part=snippet&type=video&order=date")
            .Append("&maxResults=").Append(request.PageSize.ToString(CultureInfo.InvariantCulture))
            .Append("&q=").Append(Uri.EscapeDataString(request.Query));
        if (request.PublishedAfter is { } after)
        {
            uri.Append("&publishedAfter=").Append(Uri.EscapeDataString(Rfc3339(after)));
        }

        if (request.PublishedBefore is { } before)
        {
            uri.Append("&publishedBefore=").Append(Uri.EscapeDataString(Rfc3339(before)));
        }

        if (request.PageToken is { } token)
        {
            uri.Append("&pageToken=").Append(Uri.EscapeDataString(token));
        }

        return uri.ToString();
    }

    private static SearchOutcome ReadPage(byte[] body)
    {
        SearchListResponse? page;
        try
        {
            page = JsonSerializer.Deserialize(body, YouTubeJsonContext.Default.SearchListResponse);
        }
        catch (JsonException exception)
        {
            return new SearchFailure(FailureKind.Other, 200, "malformedResponse", $"The answer is not valid JSON: {exception.Message}");
        }

        if (page?.Items is null)
        {
            return new SearchFailure(FailureKind.Other, 200, "unexpectedShape", "The answer has no items list.");
        }

        var videos = new List<VideoRecord>(page.Items.Count);
        foreach (var item in page.Items)
        {
            if (ToVideo(item) is { } video)
            {
                videos.Add(video);
            }
            else if (item?.Id?.Kind is null or "youtube#video")
            {
                // A video without the fields we store would be stored wrong or lost: do the page again later.
                return new SearchFailure(FailureKind.Other, 200, "unexpectedShape", "A result lacks its id, snippet or publish time.");
            }
        }

        return new SearchPage(videos, string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken, page.Items.Count);
    }

    private static VideoRecord? ToVideo(SearchResult? item)
    {
        if (item?.Id?.VideoId is not { Length: > 0 } id || item.Snippet is not { PublishedAt: { } published } snippet)
        {
            return null;
        }

        // YouTube sends text HTML-escaped ("Don&#39;t"); we store and serve it as people wrote it.
        return new VideoRecord(
            id,
            WebUtility.HtmlDecode(snippet.Title ?? ""),
            WebUtility.HtmlDecode(snippet.Description ?? ""),
            published.UtcDateTime,
            snippet.ChannelId ?? "",
            WebUtility.HtmlDecode(snippet.ChannelTitle ?? ""),
            snippet.Thumbnails?.Default?.Url ?? "",
            snippet.Thumbnails?.Medium?.Url ?? "",
            snippet.Thumbnails?.High?.Url ?? "");
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };

    private static string Rfc3339(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
