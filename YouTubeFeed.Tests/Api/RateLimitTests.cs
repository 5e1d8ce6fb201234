using System.Net;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

[Collection(BackendCollection.Name)]
public sealed class RateLimitTests(BackendFixture backend) : ApiTestBase(backend)
{
    protected override Dictionary<string, string?> ApiSettings => new()
    {
        ["Api:RateLimitPermits"] = "5",
        ["Api:RateLimitWindow"] = "00:01:00",
    };

    [Fact]
    public async Task A_client_over_its_limit_gets_429_with_retry_after_and_health_has_an_allowance_of_its_own()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await Http.GetAsync("/api/videos", Cancel);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
                Assert.Contains("Too many requests", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);

        // Probes have an allowance of their own: not used up by the videos, limited all the same.
        var probes = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var health = await Http.GetAsync("/health", Cancel);
            probes.Add(health.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Append(HttpStatusCode.TooManyRequests), probes);
    }
}
