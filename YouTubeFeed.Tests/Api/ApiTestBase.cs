using System.Net.Http.Json;
using System.Text.Json;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Data.Videos;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

/// <summary>An Api over real HTTP on its own database and Redis database; videos are stored through the Worker's write path.</summary>
public abstract class ApiTestBase(BackendFixture backend) : IAsyncLifetime
{
    protected BackendFixture Backend { get; } = backend;

    protected IsolatedStore Store { get; private set; } = null!;
    protected ApiServer Api { get; private set; } = null!;
    protected HttpClient Http { get; private set; } = null!;
    protected WorkerHarness Data { get; private set; } = null!;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected virtual Dictionary<string, string?> ApiSettings => [];

    /// <summary>Runs last on the Api's builder (e.g. to add a logger provider).</summary>
    protected virtual Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? ConfigureApi => null;

    public virtual async ValueTask InitializeAsync()
    {
        Store = await IsolatedStore.CreateAsync(Backend);
        Data = await WorkerHarness.StartAsync(Store, new Uri("http://127.0.0.1:9/"));
        Api = new ApiServer(Store, ApiSettings, ConfigureApi);
        Http = Api.CreateHttpClient();
    }

    public virtual async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Api.DisposeAsync();
        await Data.DisposeAsync();
    }

    /// <summary>Stores videos as the Worker does (<see cref="WorkerHarness.StoreAsync"/>).</summary>
    protected Task StoreAsync(IReadOnlyList<VideoRecord> videos, bool index = true) => Data.StoreAsync(videos, index);

    protected async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await Http.GetAsync(url, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    protected async Task<List<string>> SearchIdsAsync(string q, int limit = 100)
    {
        var page = await GetJsonAsync($"/api/videos?limit={limit}&q={Uri.EscapeDataString(q)}");
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("videoId").GetString()!).ToList();
    }

    /// <summary>Follows nextCursor to the end and returns every id in order.</summary>
    protected async Task<List<string>> WalkAsync(string query, int limit, Func<int, Task>? betweenPages = null)
    {
        var ids = new List<string>();
        string? cursor = null;
        var page = 0;
        do
        {
            var url = $"/api/videos?limit={limit}{query}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var body = await GetJsonAsync(url);
            ids.AddRange(body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("videoId").GetString()!));
            cursor = body.GetProperty("nextCursor").GetString();
            if (betweenPages is not null)
            {
                await betweenPages(page);
            }

            page++;
            Assert.True(page < 10_000, "paging does not end");
        }
        while (cursor is not null);

        return ids;
    }
}
