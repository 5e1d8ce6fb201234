using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

/// <summary>
/// The cursor signing key: required outside Development, and rotated across replicas without breaking the cursors
/// clients hold (new key given as the previous one everywhere, then the two swapped, then the old one dropped).
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class CursorKeyTests(BackendFixture backend) : ApiTestBase(backend)
{
    private const string OldKey = "cursor-key-before-rotation";
    private const string NewKey = "cursor-key-after-rotation";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await StoreAsync(Videos.Series("key", 12));
    }

    [Fact]
    public async Task A_key_is_rotated_across_replicas_without_breaking_cursors_in_flight()
    {
        await using var before = Replica(OldKey);
        await using var learning = Replica(OldKey, NewKey); // step 1: the new key is known everywhere, not used yet
        await using var swapped = Replica(NewKey, OldKey);  // step 2: the new key signs, the old one still verifies
        await using var after = Replica(NewKey);            // step 3: the old key is dropped

        var fromBefore = await CursorAsync(before);
        var fromLearning = await CursorAsync(learning);
        var fromSwapped = await CursorAsync(swapped);

        // While replicas are at different steps, each takes every cursor the others issued.
        foreach (var (replica, cursor) in new[]
                 {
                     (learning, fromBefore), (swapped, fromBefore), (swapped, fromLearning), (learning, fromSwapped),
                     (after, fromSwapped),
                 })
        {
            var page = await NextPageAsync(replica, cursor);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(["key000006", "key000005", "key000004"], page.Ids);
        }

        // Once the old key is dropped, a cursor it signed is refused, saying so.
        var refused = await NextPageAsync(after, fromBefore);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("signing key has been retired", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_api_refuses_to_start_outside_development_without_a_signing_key()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => new ApiServer(Store, new Dictionary<string, string?> { ["Api:CursorSigningKey"] = "" }));
        Assert.Contains("Api:CursorSigningKey", failure.Message, StringComparison.Ordinal);
        Assert.Contains("required outside Development", failure.Message, StringComparison.Ordinal);
    }

    private ApiServer Replica(string key, string? previous = null) => new(Store, new Dictionary<string, string?>
    {
        ["Api:CursorSigningKey"] = key,
        ["Api:CursorSigningKeyPrevious"] = previous,
    });

    private static async Task<string> CursorAsync(ApiServer replica)
    {
        using var http = replica.CreateHttpClient();
        using var response = await http.GetAsync("/api/videos?limit=5", Cancel);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("nextCursor").GetString()!;
    }

    private static async Task<(HttpStatusCode Status, List<string> Ids, string Body)> NextPageAsync(ApiServer replica, string cursor)
    {
        using var http = replica.CreateHttpClient();
        using var response = await http.GetAsync($"/api/videos?limit=3&cursor={Uri.EscapeDataString(cursor)}", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        var ids = response.IsSuccessStatusCode
            ? JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("videoId").GetString()!).ToList()
            : [];
        return (response.StatusCode, ids, body);
    }
}
