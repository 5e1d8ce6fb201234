using System.Net;
using System.Text;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Tests.Unit;

public sealed class YouTubeErrorClassifierTests
{
    [Theory]
    [InlineData(403, """{"error":{"code":403,"message":"quota","errors":[{"reason":"quotaExceeded","domain":"youtube.quota"}]}}""", FailureKind.QuotaExceeded)]
    [InlineData(403, """{"error":{"code":403,"errors":[{"reason":"dailyLimitExceeded"}]}}""", FailureKind.QuotaExceeded)]
    [InlineData(403, """{"error":{"code":403,"errors":[{"reason":"rateLimitExceeded"}]}}""", FailureKind.RateLimited)]
    [InlineData(403, """{"error":{"code":403,"errors":[{"reason":"userRateLimitExceeded"}]}}""", FailureKind.RateLimited)]
    [InlineData(429, "", FailureKind.RateLimited)]
    [InlineData(400, """{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","errors":[{"reason":"badRequest"}],"status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_INVALID"}]}}""", FailureKind.KeyInvalid)]
    [InlineData(400, """{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","errors":[{"reason":"badRequest"}]}}""", FailureKind.KeyInvalid)]
    [InlineData(400, """{"error":{"code":400,"errors":[{"reason":"keyInvalid"}]}}""", FailureKind.KeyInvalid)]
    [InlineData(400, """{"error":{"code":400,"message":"API key expired. Please renew the API key.","errors":[{"reason":"badRequest"}],"status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_EXPIRED"}]}}""", FailureKind.KeyInvalid)]
    [InlineData(429, """{"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED"}}""", FailureKind.RateLimited)]
    [InlineData(403, """{"error":{"code":403,"errors":[{"reason":"forbidden"}]}}""", FailureKind.Forbidden)]
    [InlineData(403, """{"error":{"code":403,"errors":[{"reason":"accessNotConfigured"}]}}""", FailureKind.ApiDisabled)]
    [InlineData(403, """{"error":{"code":403,"message":"YouTube Data API v3 has not been used in project 1 before or it is disabled.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SERVICE_DISABLED"}]}}""", FailureKind.ApiDisabled)]
    [InlineData(403, """{"error":{"code":403,"status":"PERMISSION_DENIED","details":[{"reason":"API_KEY_SERVICE_BLOCKED"}]}}""", FailureKind.KeyBlocked)]
    [InlineData(403, "", FailureKind.Forbidden)]
    [InlineData(500, """{"error":{"code":500,"errors":[{"reason":"backendError"}]}}""", FailureKind.Transient)]
    [InlineData(503, "<html>oops</html>", FailureKind.Transient)]
    [InlineData(400, """{"error":{"code":400,"message":"Invalid value","errors":[{"reason":"badRequest"}]}}""", FailureKind.Other)]
    [InlineData(404, "not json", FailureKind.Other)]
    public void Google_errors_are_classified(int status, string body, FailureKind expected)
    {
        var failure = YouTubeErrorClassifier.Classify((HttpStatusCode)status, null, Encoding.UTF8.GetBytes(body));
        Assert.Equal(expected, failure.Kind);
        Assert.Equal(status, failure.StatusCode);
    }

    [Fact]
    public void Only_an_invalid_or_expired_key_is_retired_and_refusals_of_the_key_or_its_project_let_another_key_try()
    {
        Assert.All(Enum.GetValues<FailureKind>(), kind =>
            Assert.Equal(kind is FailureKind.QuotaExceeded or FailureKind.RateLimited or FailureKind.ApiDisabled or FailureKind.KeyBlocked or FailureKind.KeyInvalid, kind.TryAnotherKey()));
        // Refusals before or by the quota system cost nothing; everything Google processes does (invalid requests too).
        Assert.True(FailureKind.Other.IsCharged());
        Assert.True(FailureKind.Forbidden.IsCharged());
        Assert.True(FailureKind.Transient.IsCharged());
        Assert.False(FailureKind.QuotaExceeded.IsCharged());
        Assert.False(FailureKind.ApiDisabled.IsCharged());
    }

    [Fact]
    public void The_request_url_never_holds_a_key()
    {
        var uri = YouTubeClient.BuildUri(new SearchRequest("how to", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), null, "TOKEN", 50));
        Assert.Equal("search?part=snippet&type=video&order=date&maxResults=50&q=how%20to&publishedAfter=2026-01-02T03%3A04%3A05Z&pageToken=TOKEN", uri);
        Assert.DoesNotContain("key", uri, StringComparison.OrdinalIgnoreCase);
    }
}
