using System.Globalization;
using System.Net;
using System.Text.Json;

namespace YouTubeFeed.Tests.Emulator;

/// <summary>Settings for tests of the <c>youtube</c> profile, and a walk over a chain that survives its oddities.</summary>
internal static class Profiles
{
    /// <summary>The youtube profile with a seed and every random behaviour off, for a test to turn on what it checks.</summary>
    public static Dictionary<string, string?> QuietYouTube(int seed = 7) => new()
    {
        ["Behaviour"] = "youtube",
        ["RandomSeed"] = seed.ToString(CultureInfo.InvariantCulture),
        ["LateShare"] = "0",
        ["ShortPageShare"] = "0",
        ["EmptyPageShare"] = "0",
        ["RepeatedTokenShare"] = "0",
        ["NonVideoShare"] = "0",
        ["ErrorShare"] = "0",
        ["RateLimitShare"] = "0",
    };

    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string name, string value)
    {
        settings[name] = value;
        return settings;
    }

    /// <summary>Follows nextPageToken until there is none or it repeats the token just used; every call must be a 200.</summary>
    public static async Task<List<JsonElement>> WalkAsync(this RunningEmulator emulator, string key, string query, int maxCalls = 200)
    {
        var pages = new List<JsonElement>();
        string? token = null;
        while (pages.Count < maxCalls)
        {
            var reply = await emulator.SearchAsync(key, query + (token is null ? "" : "&pageToken=" + Uri.EscapeDataString(token)));
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            pages.Add(reply.Json);
            var next = reply.Json.TryGetProperty("nextPageToken", out var value) ? value.GetString() : null;
            if (next is null || next == token)
            {
                break;
            }

            token = next;
        }

        return pages;
    }

    public static IReadOnlyList<string> Ids(this IEnumerable<JsonElement> pages) =>
        pages.SelectMany(page => page.GetProperty("items").EnumerateArray())
            .Select(item => item.GetProperty("id").GetProperty("videoId").GetString()!)
            .ToArray();

    public static int Items(this JsonElement page) => page.GetProperty("items").GetArrayLength();

    public static string? Next(this JsonElement page) =>
        page.TryGetProperty("nextPageToken", out var value) ? value.GetString() : null;

    public static string Search(string extra = "") => "part=snippet&type=video&order=date&q=football&maxResults=10" + extra;
}
