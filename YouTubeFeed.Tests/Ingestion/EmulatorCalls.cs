using System.Text.Json;
using YouTubeFeed.Tests.Emulator;

namespace YouTubeFeed.Tests.Ingestion;

/// <summary>One search call as the emulator recorded it.</summary>
internal sealed record EmulatorCall(string? Key, string? PageToken, string? PublishedAfter, string? PublishedBefore, int? Status, string? Reason)
{
    public string Signature => $"{PublishedAfter}|{PublishedBefore}|{PageToken}";

    public static async Task<List<EmulatorCall>> ListAsync(RunningEmulator emulator)
    {
        var calls = await emulator.GetJsonAsync("admin/calls");
        // search.list calls only: videos.list calls (enrichment) have no query, page or bounds.
        return calls.EnumerateArray().Where(c => Text(c, "method") is null or "search.list").Select(c => new EmulatorCall(
            Text(c, "keyFingerprint"), Text(c, "pageToken"), Text(c, "publishedAfter"), Text(c, "publishedBefore"),
            c.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null,
            Text(c, "reason"))).ToList();
    }

    public static async Task ClearAsync(RunningEmulator emulator)
    {
        using var response = await emulator.SendJsonAsync(HttpMethod.Delete, "admin/calls");
        response.EnsureSuccessStatusCode();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
