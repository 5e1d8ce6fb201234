using System.Net;
using System.Text.Json;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

/// <summary>Every shape CONTRACT.md promises, field by field, over real HTTP.</summary>
[Collection(BackendCollection.Name)]
public sealed class ContractShapeTests(BackendFixture backend) : ApiTestBase(backend)
{
    [Fact]
    public async Task GetData_has_the_original_shape_newest_first_with_utc_times()
    {
        await StoreAsync(Videos.Series("shape", 25));

        using var response = await Http.GetAsync("/getData", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync(Cancel);
        var body = JsonDocument.Parse(raw).RootElement;

        Assert.Equal(JsonValueKind.False, body.GetProperty("isError").ValueKind);
        Assert.Equal(1, body.GetProperty("pageNo").GetInt32());
        Assert.Equal(10, body.GetProperty("limit").GetInt32());
        Assert.Equal(25, body.GetProperty("totalCount").GetInt64());
        Assert.Equal(3, body.GetProperty("totalPages").GetInt64());
        var videos = body.GetProperty("videos").EnumerateArray().ToList();
        Assert.Equal(10, videos.Count);
        var first = videos[0];
        Assert.Equal(
            ["description", "published_at", "thumbnail_default", "thumbnail_high", "thumbnail_medium", "title", "video_id"],
            first.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("shape000024", first.GetProperty("video_id").GetString());
        Assert.Equal("Video 24", first.GetProperty("title").GetString());
        Assert.Equal("2026-11-01T00:24:00Z", first.GetProperty("published_at").GetString());
        Assert.Equal("https://i.ytimg.com/vi/shape000024/mqdefault.jpg", first.GetProperty("thumbnail_medium").GetString());
        Assert.Equal(videos.Select(v => v.GetProperty("published_at").GetString()).OrderDescending(StringComparer.Ordinal),
            videos.Select(v => v.GetProperty("published_at").GetString()));

        var last = await GetJsonAsync("/getData?limit=10&pageNo=3");
        Assert.Equal(["shape000004", "shape000003", "shape000002", "shape000001", "shape000000"],
            last.GetProperty("videos").EnumerateArray().Select(v => v.GetProperty("video_id").GetString()));
    }

    [Fact]
    public async Task Api_videos_has_the_modern_shape_and_a_cursor()
    {
        await StoreAsync([Videos.Make("modern00001", "Don't & won't", Videos.Origin, "desc", "UCchannel")]);

        var body = await GetJsonAsync("/api/videos?limit=1");
        // The plain list's first page also says how many videos there are.
        Assert.Equal(["items", "nextCursor", "totalCount"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, body.GetProperty("totalCount").GetInt64());
        var item = Assert.Single(body.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal(
            ["actualEndTime", "actualStartTime", "channelId", "channelTitle", "commentCount", "definition", "description", "duration",
             "durationSeconds", "isShort", "likeCount", "live", "publishedAt", "scheduledStartTime", "statisticsReadAt", "thumbnails",
             "title", "videoId", "viewCount"],
            item.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        // Not enriched yet: every detail is null.
        Assert.Equal(JsonValueKind.Null, item.GetProperty("duration").ValueKind);
        Assert.Equal("modern00001", item.GetProperty("videoId").GetString());
        Assert.Equal("Don't & won't", item.GetProperty("title").GetString());
        Assert.Equal("2026-11-01T00:00:00Z", item.GetProperty("publishedAt").GetString());
        Assert.Equal("UCchannel", item.GetProperty("channelId").GetString());
        Assert.Equal("Test channel", item.GetProperty("channelTitle").GetString());
        var thumbnails = item.GetProperty("thumbnails");
        Assert.Equal(["default", "medium", "high"], thumbnails.EnumerateObject().Select(p => p.Name));
        Assert.Equal((120, 90), (thumbnails.GetProperty("default").GetProperty("width").GetInt32(), thumbnails.GetProperty("default").GetProperty("height").GetInt32()));
        Assert.Equal("https://i.ytimg.com/vi/modern00001/hqdefault.jpg", thumbnails.GetProperty("high").GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Health_answers_the_original_body_and_alive_answers()
    {
        using var health = await Http.GetAsync("/health", Cancel);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.False(body.GetProperty("isError").GetBoolean());
        Assert.Equal("Server is Up and Running", body.GetProperty("message").GetString());

        using var alive = await Http.GetAsync("/alive", Cancel);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Lists_carry_etag_cache_control_and_answer_304_when_unchanged()
    {
        await StoreAsync(Videos.Series("etag", 3));
        foreach (var url in new[] { "/getData", "/api/videos?limit=2", "/api/videos?q=video" })
        {
            using var first = await Http.GetAsync(url, Cancel);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.NotNull(first.Headers.ETag);
            Assert.Contains("max-age=5", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.IfNoneMatch.Add(first.Headers.ETag);
            using var second = await Http.SendAsync(request, Cancel);
            Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        }
    }

    [Fact]
    public async Task Responses_are_compressed_when_asked_and_carry_security_headers()
    {
        await StoreAsync(Videos.Series("gzip", 30));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/videos?limit=30");
        request.Headers.AcceptEncoding.ParseAdd("br");
        using var response = await Http.SendAsync(request, Cancel);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        using var page = await Http.GetAsync("/", Cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<title>", await page.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint()
    {
        var document = await GetJsonAsync("/openapi/v1.json");
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/getData", "/health", "/api/videos" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is documented");
        }

        var parameters = paths.GetProperty("/api/videos").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Superset(new HashSet<string?> { "limit", "cursor", "q", "channelId", "publishedAfter", "publishedBefore", "order" }, parameters.ToHashSet());
        using var reference = await Http.GetAsync("/scalar/", Cancel);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }
}
