using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using YouTubeFeed.YouTubeEmulator;

namespace YouTubeFeed.Tests.Emulator;

/// <summary>
/// An emulator started in-process on a free port of 127.0.0.1 and called over real HTTP, as the worker calls it.
/// Starts with no seed and no steady stream unless a test asks for them, so every test controls its catalog,
/// and with <c>Behaviour=exact</c> (no late indexing, odd pages or random errors) unless a test passes
/// <c>Behaviour=youtube</c> (and a <c>RandomSeed</c>) in its settings.
/// </summary>
internal sealed class RunningEmulator : IAsyncDisposable
{
    public const string SearchPath = "youtube/v3/search";
    public const string VideosPath = "youtube/v3/videos";

    private RunningEmulator(WebApplication app, Uri baseAddress, CapturedLogs logs)
    {
        App = app;
        BaseAddress = baseAddress;
        Logs = logs;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>Everything the emulator logged, at every level.</summary>
    public CapturedLogs Logs { get; }

    public static async Task<RunningEmulator> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? time = null)
    {
        var logs = new CapturedLogs();
        var app = EmulatorApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration["Emulator:SeedVideosPerQuery"] = "0";
            builder.Configuration["Emulator:PublishInterval"] = "00:00:00";
            builder.Configuration["Emulator:Behaviour"] = "exact";
            foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.Configuration[$"Emulator:{name}"] = value;
            }

            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }

            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Configuration["Logging:LogLevel:Default"] = "Trace";
            builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
            builder.Logging.AddProvider(logs);
        });

        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new RunningEmulator(app, new Uri(app.Urls.Single() + "/"), logs);
    }

    public async Task<Reply> SearchAsync(string? key, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, SearchPath + "?" + query);
        if (key is not null)
        {
            request.Headers.Add("X-Goog-Api-Key", key);
        }

        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>videos.list with the key in the X-Goog-Api-Key header (when given).</summary>
    public async Task<Reply> VideosAsync(string? key, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, VideosPath + "?" + query);
        if (key is not null)
        {
            request.Headers.Add("X-Goog-Api-Key", key);
        }

        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Follows nextPageToken from the first page to the last; fails on any non-200.</summary>
    public async Task<List<JsonElement>> AllPagesAsync(string key, string query)
    {
        var pages = new List<JsonElement>();
        string? token = null;
        do
        {
            var reply = await SearchAsync(key, query + (token is null ? "" : "&pageToken=" + Uri.EscapeDataString(token)));
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            var page = reply.Json;
            pages.Add(page);
            token = page.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
            Assert.True(pages.Count <= 1000, "paging does not end");
        }
        while (token is not null);

        return pages;
    }

    public async Task<JsonElement> PublishAsync(object body)
    {
        using var response = await Client.PostAsJsonAsync("admin/videos", body, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    public async Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task AddFaultAsync(object fault)
    {
        using var response = await SendJsonAsync(HttpMethod.Post, "admin/faults", fault);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(text).RootElement;
    }
}

internal sealed record Reply(HttpStatusCode Status, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public JsonElement Error => Json.GetProperty("error");

    public string Reason => Error.GetProperty("errors")[0].GetProperty("reason").GetString()!;

    public IReadOnlyList<string> VideoIds =>
        Json.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetProperty("videoId").GetString()!).ToArray();
}

/// <summary>A logger provider that keeps every message and every structured value it was given.</summary>
internal sealed class CapturedLogs() : YouTubeFeed.Tests.Infrastructure.TestLogs(LogLevel.Trace)
{
    public IReadOnlyCollection<string> Entries => Lines;
}
