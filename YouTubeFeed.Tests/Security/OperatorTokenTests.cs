using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using YouTubeFeed.Tests.Infrastructure;
using YouTubeFeed.Worker;

namespace YouTubeFeed.Tests.Security;

/// <summary>The Worker's <c>POST /fetch-now</c> answers only an operator who sends <c>X-Operator-Token</c>.</summary>
[Collection(BackendCollection.Name)]
public sealed class OperatorTokenTests(BackendFixture backend) : IAsyncLifetime
{
    private const string Token = "operator-token-for-tests";

    private IsolatedStore store = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => store = await IsolatedStore.CreateAsync(backend);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Fetch_now_requires_the_operator_token()
    {
        await using var worker = await StartWorkerAsync(Token);
        using var http = new HttpClient { BaseAddress = worker.Urls.Select(url => new Uri(url)).First() };

        using (var anonymous = await PostAsync(http, null))
        {
            await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
            Assert.Contains("X-Operator-Token", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        foreach (var wrong in new[] { "wrong", Token + "x", Token[..^1], Token.ToUpperInvariant() })
        {
            using var refused = await PostAsync(http, wrong);
            await AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        }

        using var accepted = await PostAsync(http, Token);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_token_fetch_now_is_off()
    {
        await using var worker = await StartWorkerAsync(null);
        using var http = new HttpClient { BaseAddress = worker.Urls.Select(url => new Uri(url)).First() };
        foreach (var token in new[] { null, "", "anything" })
        {
            using var response = await PostAsync(http, token);
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
        }
    }

    private async Task<WebApplication> StartWorkerAsync(string? token)
    {
        var settings = store.Settings();
        settings["YouTube:ApiKeys"] = "test-key-1";
        settings["YouTube:BaseUrl"] = "http://127.0.0.1:9/youtube/v3/"; // nothing listens: the loop's reads fail, fetch now is what is tested
        settings["Worker:OperatorToken"] = token;
        settings["urls"] = "http://127.0.0.1:0";
        var app = WorkerApp.Build(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ContentRootPath = RepositoryRoot.Combine("YouTubeFeed.Worker"),
            Args = [.. settings.Select(setting => $"--{setting.Key}={setting.Value}")],
        });
        await app.StartAsync(Cancel);
        return app;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/fetch-now");
        if (token is not null)
        {
            request.Headers.Add("X-Operator-Token", token);
        }

        return http.SendAsync(request, Cancel);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}, not {(int)status}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
    }
}
