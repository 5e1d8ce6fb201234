using System.Net;
using System.Net.Sockets;
using YouTubeFeed.Tests.Api;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Security;

/// <summary>Headers on every response, the page's CSP and the request size limit.</summary>
[Collection(BackendCollection.Name)]
public sealed class SecurityHeadersTests(BackendFixture backend) : ApiTestBase(backend)
{
    [Fact]
    public async Task Every_response_carries_nosniff_and_the_page_a_content_security_policy()
    {
        await StoreAsync(Videos.Series("headers", 30));
        var requests = new (HttpMethod Method, string Url)[]
        {
            (HttpMethod.Get, "/"), (HttpMethod.Get, "/index.html"), (HttpMethod.Get, "/getData"), (HttpMethod.Get, "/getData?limit=3"),
            (HttpMethod.Get, "/api/videos"), (HttpMethod.Get, "/api/videos?limit=0"), (HttpMethod.Get, "/api/videos?cursor=bad"),
            (HttpMethod.Get, "/health"), (HttpMethod.Get, "/alive"), (HttpMethod.Get, "/openapi/v1.json"), (HttpMethod.Get, "/favicon.svg"),
            (HttpMethod.Get, "/no/such/page"), (HttpMethod.Post, "/api/videos"), (HttpMethod.Delete, "/getData"), (HttpMethod.Head, "/api/videos"),
        };
        foreach (var (method, url) in requests)
        {
            using var response = await Http.SendAsync(new HttpRequestMessage(method, url), Cancel);
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var values) && values.Single() == "nosniff",
                $"{method} {url} ({(int)response.StatusCode}) has no X-Content-Type-Options: nosniff");
        }

        using var page = await Http.GetAsync("/", Cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/api/videos")]
    [InlineData("GET", "/api/videos")]
    [InlineData("POST", "/getData")]
    [InlineData("PUT", "/")]
    public async Task A_request_with_a_100_KB_body_answers_413(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = new ByteArrayContent(new byte[100 * 1024]),
        };
        request.Content.Headers.ContentType = new("application/json");
        using var response = await Http.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}

/// <summary>The per-client rate limit with two clients on two loopback addresses, and two on the same one.</summary>
[Collection(BackendCollection.Name)]
public sealed class PerClientRateLimitTests(BackendFixture backend) : ApiTestBase(backend)
{
    protected override Dictionary<string, string?> ApiSettings => new()
    {
        ["Api:RateLimitPermits"] = "5",
        ["Api:RateLimitWindow"] = "00:01:00",
    };

    [Fact]
    public async Task A_client_over_the_limit_gets_429_with_retry_after_while_a_client_on_another_address_is_served()
    {
        using var first = ClientFrom(IPAddress.Parse("127.0.0.1"));
        using var sameAddress = ClientFrom(IPAddress.Parse("127.0.0.1"));
        using var other = ClientFrom(IPAddress.Parse("127.0.0.2"));

        for (var i = 0; i < 5; i++)
        {
            using var ok = await first.GetAsync("/api/videos", Cancel);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var limited = await first.GetAsync("/api/videos", Cancel))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
            Assert.Equal("nosniff", Assert.Single(limited.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        }

        // Another connection from the same address is the same client: partitioning is by IP address.
        using (var same = await sameAddress.GetAsync("/getData", Cancel))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, same.StatusCode);
        }

        // A client on another address has its own allowance.
        for (var i = 0; i < 5; i++)
        {
            using var ok = await other.GetAsync("/getData", Cancel);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var otherLimited = await other.GetAsync("/getData", Cancel))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, otherLimited.StatusCode);
        }

        using var health = await first.GetAsync("/health", Cancel);
        Assert.True(health.StatusCode == HttpStatusCode.OK, $"/health has an allowance of its own: {(int)health.StatusCode} {await health.Content.ReadAsStringAsync(Cancel)}");
    }

    /// <summary>An HttpClient whose connections leave from <paramref name="source"/> (any 127.x address is loopback on Linux).</summary>
    private HttpClient ClientFrom(IPAddress source) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = Api.Address,
    };
}
