using System.Net;
using System.Text.Json;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

/// <summary>Redis or MySQL stopped under a running Api (the shared servers are started again before the test ends).</summary>
[Collection(BackendCollection.Name)]
public sealed class DegradedBackendTests(BackendFixture backend) : ApiTestBase(backend)
{
    // No in-process copy of the first page: every request shows what Redis or MySQL answer right now.
    protected override Dictionary<string, string?> ApiSettings => new() { ["Api:FirstPageLocalTtl"] = "00:00:00" };

    [Fact]
    public async Task With_redis_stopped_getData_and_the_cursor_api_still_answer_from_mysql()
    {
        await StoreAsync(Videos.Series("redis", 30));
        try
        {
            await Backend.StopRedisAsync(Cancel);
            foreach (var url in new[] { "/getData", "/getData?pageNo=2", "/api/videos?limit=5", "/api/videos?q=video" })
            {
                using var response = await Http.GetAsync(url, Cancel);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            var page = await GetJsonAsync("/getData");
            Assert.Equal(30, page.GetProperty("totalCount").GetInt64());
            using var health = await Http.GetAsync("/health", Cancel);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            await Backend.StartRedisAsync(Cancel);
        }
    }

    [Fact]
    public async Task With_mysql_stopped_cached_pages_answer_and_the_rest_answer_503()
    {
        // Page 1 and the count come from Redis (written by the Worker), so they need no MySQL.
        await StoreAsync(Videos.Series("mysql", 30));
        Assert.Equal(30, (await GetJsonAsync("/getData")).GetProperty("totalCount").GetInt64());
        try
        {
            await Backend.StopMySqlAsync(Cancel);

            using (var cached = await Http.GetAsync("/getData", Cancel))
            {
                Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
            }

            using (var deep = await Http.GetAsync("/getData?pageNo=2", Cancel))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, deep.StatusCode);
                var body = JsonDocument.Parse(await deep.Content.ReadAsStringAsync(Cancel)).RootElement;
                Assert.True(body.GetProperty("isError").GetBoolean());
                Assert.Contains("does not answer", body.GetProperty("message").GetString(), StringComparison.Ordinal);
            }

            using (var search = await Http.GetAsync("/api/videos?q=video", Cancel))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, search.StatusCode);
            }

            using var health = await Http.GetAsync("/health", Cancel);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            // The dependency's name, nothing of why (that is in the logs and traces).
            Assert.Equal("""{"isError":true,"message":"Unavailable: YouTubeFeedDbContext"}""", await health.Content.ReadAsStringAsync(Cancel));
        }
        finally
        {
            await Backend.StartMySqlAsync(Cancel);
        }

        // Recovers by itself.
        Assert.Equal(10, (await GetJsonAsync("/getData?pageNo=2")).GetProperty("videos").GetArrayLength());
    }
}
