using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

/// <summary>
/// Every error is an RFC 9457 problem in JSON with the right status, whatever the client accepts, and a client's
/// mistake leaves no Error log with a stack trace.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class ProblemResponseTests(BackendFixture backend) : ApiTestBase(backend)
{
    private readonly RecordingLogs logs = new();

    public static TheoryData<string> Accepts => ["text/plain", "text/html", "image/png", "application/xml", "*/*", ""];

    protected override Dictionary<string, string?> ApiSettings => new() { ["Api:RateLimitPermits"] = "5", ["Api:RateLimitWindow"] = "00:01:00" };

    protected override Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder> ConfigureApi => builder => builder.Logging.AddProvider(logs);

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task Errors_are_problem_json_whatever_the_client_accepts(string accept)
    {
        var cases = new (HttpStatusCode Status, HttpRequestMessage Request)[]
        {
            (HttpStatusCode.NotFound, Get("/no/such/page", accept)),
            (HttpStatusCode.MethodNotAllowed, Send(HttpMethod.Delete, "/getData", accept)),
            (HttpStatusCode.MethodNotAllowed, Send(HttpMethod.Post, "/api/videos", accept)),
            (HttpStatusCode.RequestEntityTooLarge, WithBody(Send(HttpMethod.Post, "/api/videos", accept), 100 * 1024)),
            (HttpStatusCode.RequestUriTooLong, Get("/api/videos?q=" + new string('a', 20_000), accept)),
            (HttpStatusCode.RequestHeaderFieldsTooLarge, WithHeaders(Get("/api/videos", accept), 40, 1_000)),
            (HttpStatusCode.RequestHeaderFieldsTooLarge, WithHeaders(Get("/api/videos", accept), 150, 10)),
            (HttpStatusCode.BadRequest, Get("/api/videos?limit=0", accept)),
        };
        foreach (var (status, request) in cases)
        {
            await AssertProblemAsync(request, status);
        }

        // Over the limit: the 429 is a problem too (it was an empty 500 for a client accepting text/plain).
        HttpStatusCode last;
        var tries = 0;
        do
        {
            using var response = await Http.SendAsync(Get("/getData", accept), Cancel);
            last = response.StatusCode;
            Assert.True(++tries < 20, "the rate limit never applied");
        }
        while (last != HttpStatusCode.TooManyRequests);

        var limited = await AssertProblemAsync(Get("/getData", accept), HttpStatusCode.TooManyRequests);
        Assert.True(limited.GetProperty("isError").GetBoolean()); // /getData problems keep the original's fields

        var errors = logs.Entries.Where(e => e.Level >= LogLevel.Error || e.Exception is not null).ToList();
        Assert.True(errors.Count == 0, "client mistakes were logged as errors:\n" + string.Join("\n", errors.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}")));
    }

    private async Task<JsonElement> AssertProblemAsync(HttpRequestMessage request, HttpStatusCode status)
    {
        var label = $"{request.Method} {request.RequestUri?.ToString()[..Math.Min(60, request.RequestUri.ToString().Length)]}";
        using (request)
        {
            using var response = await Http.SendAsync(request, Cancel);
            var text = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(response.StatusCode == status, $"{label}: {(int)response.StatusCode}, not {(int)status}: {text}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{label}: {response.Content.Headers.ContentType}");
            var body = JsonDocument.Parse(text).RootElement;
            Assert.Equal((int)status, body.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()), label);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
            return body;
        }
    }

    private static HttpRequestMessage Get(string url, string accept) => Send(HttpMethod.Get, url, accept);

    private static HttpRequestMessage Send(HttpMethod method, string url, string accept)
    {
        var request = new HttpRequestMessage(method, url);
        if (accept.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return request;
    }

    private static HttpRequestMessage WithBody(HttpRequestMessage request, int bytes)
    {
        request.Content = new ByteArrayContent(new byte[bytes]);
        return request;
    }

    private static HttpRequestMessage WithHeaders(HttpRequestMessage request, int count, int length)
    {
        for (var i = 0; i < count; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Filler-{i}", new string('x', length));
        }

        return request;
    }
}
