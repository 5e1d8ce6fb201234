using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using YouTubeFeed.Tests.Api;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Security;

/// <summary>
/// Hundreds of malformed and extreme requests against a real Api over TCP: never a 5xx, never internals in a
/// body, and every 4xx a JSON problem that names the parameter at fault.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class HostileInputTests(BackendFixture backend) : ApiTestBase(backend)
{
    private static readonly string[] LegacyParameters = ["limit", "pageNo"];
    private static readonly string[] ModernParameters = ["limit", "cursor", "q", "channelId", "publishedAfter", "publishedBefore", "order"];

    /// <summary>Raw (already percent-encoded where needed) values: each goes into every parameter.</summary>
    private static readonly string[] HostileValues =
    [
        "", "abc", "-1", "0", "-0", "+5", " 5", "5 ", "5.0", "1e3", "0x10", "1,000", "NaN", "Infinity", "null", "true",
        "2147483647", "2147483648", "-2147483649", "9223372036854775807", "99999999999999999999999999999999",
        "%D9%A5", "%EF%BC%95", "%E2%85%A4", // Arabic-Indic five, full-width five, Roman numeral five
        "%00", "5%00", "%0A%0D", "%09", "%20", "%2B", "%25", "%26", "%3D", "%3B",
        "%C3%28", "%FF", "%FE%FF", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "%E2%82", "%", "%%", "%G1", "%2", // broken UTF-8 and escapes
        "%F0%9F%98%80%F0%9F%8F%88", "f%C3%BCtbol", "%E2%80%AE%E2%80%8B", "%D8%B9%D8%B1%D8%A8%D9%8A", "%E4%B8%AD%E6%96%87",
        "'%20OR%201%3D1--", "1%3B%20DROP%20TABLE%20videos", "%27%22%3B--", "1'%20UNION%20SELECT%20*%20FROM%20ingestion_state--",
        "%22%7D%7B%22a", "%5C", "%5C%5C%5C", "a%2Fb", "..%2F..%2Fetc%2Fpasswd",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "javascript%3Aalert(1)",
        "%24%7Bjndi%3Aldap%3A%2F%2Fx%7D", "%7B%7B7*7%7D%7D", "%25s%25s%25n",
        "2026-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "10000-01-01", "2026-13-45T25:61:61Z", "-2026-01-01",
        "1970-01-01T00:00:00%2B14:00", "2026-02-30", "asc", "DESC", "random",
        "UCxxxxxxxxxxxxxxxxxxxxxx", "UC" + new string('x', 200),
        new string('9', 300), new string('a', 2000), Repeat("%C3%A9", 600), Repeat("word%20", 500), Repeat("%FF", 1200),
    ];

    private readonly ConcurrentBag<string> failures = [];
    private int tried;

    [Fact]
    public async Task Hundreds_of_malformed_and_extreme_requests_get_no_5xx_no_internals_and_a_problem_naming_the_parameter()
    {
        await StoreAsync(Videos.Series("hostile", 150, title: "Football match"));
        var requests = new List<(string Url, string[] Parameters)>();

        foreach (var value in HostileValues)
        {
            foreach (var name in LegacyParameters)
            {
                requests.Add(($"/getData?{name}={value}", [name]));
            }

            foreach (var name in ModernParameters)
            {
                requests.Add(($"/api/videos?{name}={value}", [name]));
            }
        }

        // Repeated keys, odd key spellings, mixed good and bad parameters.
        requests.AddRange([
            ("/getData?limit=10&limit=20", ["limit"]), ("/getData?pageNo=1&pageNo=1", ["pageNo"]), ("/getData?LIMIT=7", ["limit"]),
            ("/getData?pageno=0", ["pageNo"]), ("/getData?limit=10&pageNo=999999", ["pageNo"]), ("/getData?limit=100&pageNo=2147483647", ["pageNo"]),
            ("/getData?limit[]=10", []), ("/getData?limit=10;pageNo=2", ["limit"]), ("/getData?=&&&=", []), ("/getData?%FF=%FF", []),
            ("/api/videos?limit=1&limit=2", ["limit"]), ("/api/videos?q=a&q=b", ["q"]), ("/api/videos?cursor=a&cursor=b", ["cursor"]),
            ("/api/videos?order=asc&order=desc", ["order"]), ("/api/videos?publishedAfter=2026-01-02T00:00:00Z&publishedBefore=2026-01-01T00:00:00Z", ["publishedBefore"]),
            ("/api/videos?" + Repeat("limit=5&", 500), ["limit"]), ("/api/videos?" + Repeat("x=1&", 1500), []),
            ("/api/videos?q=" + Repeat("a%20", 11), ["q"]), ("/api/videos?q=" + new string('a', 201), ["q"]), ("/api/videos?q=%20%20%20", []),
            ("/api/videos?q=!!!%20%3F%3F", ["q"]), ("/api/videos?limit=0&order=x&channelId=%3C&q=" + new string('b', 300), ModernParameters),
            ("/api/videos?q=" + Repeat("%E2%80%8B", 60), ["q"]), ("/api/videos?channelId=" + Repeat("a", 7000), ["channelId"]),
            ("/getData?limit=" + Repeat("1", 7900), ["limit"]),
        ]);

        // Forged, flipped, truncated and misused cursors made from real ones.
        var cursors = new List<(string Cursor, string Scope)>();
        foreach (var scope in new[] { "", "&q=football", "&order=asc", "&channelId=UCtest" })
        {
            var first = await GetJsonAsync("/api/videos?limit=5" + scope);
            var cursor = first.GetProperty("nextCursor").GetString()!;
            cursors.Add((cursor, scope));
            var second = await GetJsonAsync($"/api/videos?limit=5{scope}&cursor={Uri.EscapeDataString(cursor)}");
            cursors.Add((second.GetProperty("nextCursor").GetString()!, scope));
        }

        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var random = new Random(20261127);
        foreach (var (cursor, scope) in cursors)
        {
            for (var i = 0; i < cursor.Length; i += 3)
            {
                var flipped = cursor.ToCharArray();
                flipped[i] = alphabet[(alphabet.IndexOf(flipped[i], StringComparison.Ordinal) + 1 + random.Next(62)) % 64];
                requests.Add(($"/api/videos?cursor={new string(flipped)}{scope}", ["cursor"]));
            }

            foreach (var length in new[] { 0, 1, 2, 3, 4, 10, 20, cursor.Length / 2, cursor.Length - 4, cursor.Length - 1 })
            {
                requests.Add(($"/api/videos?cursor={cursor[..length]}{scope}", length == 0 ? [] : ["cursor"]));
            }

            requests.Add(($"/api/videos?cursor={cursor}A{scope}", ["cursor"]));
            requests.Add(($"/api/videos?cursor={cursor}{cursor}{scope}", ["cursor"]));
            requests.Add(($"/api/videos?cursor={cursor.Replace('-', '+').Replace('_', '/')}%3D%3D{scope}", ["cursor"]));
            requests.Add(($"/api/videos?cursor={cursor}&q=other{scope}", ["cursor", "q"])); // another search
            requests.Add(($"/api/videos?cursor={cursor}{(scope == "" ? "&order=asc" : "")}", scope == "" ? ["cursor"] : ["cursor"]));
            requests.Add(($"/api/videos?cursor={Convert.ToBase64String(Encoding.UTF8.GetBytes(cursor))}{scope}", ["cursor"]));
        }

        // Forged from nothing: right length and version byte, wrong MAC; and other garbage.
        for (var i = 0; i < 30; i++)
        {
            var bytes = new byte[10 + 8 + 16 + random.Next(0, 40)];
            random.NextBytes(bytes);
            bytes[0] = 1;
            requests.Add(($"/api/videos?cursor={Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')}", ["cursor"]));
        }

        requests.Add(("/api/videos?cursor=" + new string('A', 513), ["cursor"]));
        requests.Add(("/api/videos?cursor=" + new string('A', 5000), ["cursor"]));

        Assert.True(requests.Count >= 500, $"only {requests.Count} requests");
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Cancel }, async (request, ct) =>
        {
            await CheckAsync(request.Url, request.Parameters, ct);
        });

        Faults.Tally.Note($"hostile requests tried: {tried}");
        TestContext.Current.SendDiagnosticMessage($"hostile requests tried: {tried}");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {tried} hostile requests failed:\n" + string.Join("\n", failures.Take(40)));
    }

    private async Task CheckAsync(string url, string[] parameters, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref tried);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Api.Address, url));
        using var response = await Http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = (int)response.StatusCode;
        var label = $"{status} {Shorten(request.RequestUri!.PathAndQuery)}";
        if (status >= 500)
        {
            failures.Add($"{label}: 5xx: {Shorten(body)}");
            return;
        }

        if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal))
        {
            failures.Add($"{label}: internals in body: {Shorten(body)}");
        }

        if (status is 200)
        {
            return;
        }

        if (status is 414 or 431)
        {
            // Kestrel refuses an over-long request line before any of our code runs; the body is empty.
            failures.Add($"{label}: refused by Kestrel for its size (request line {request.RequestUri.PathAndQuery.Length} chars)");
            return;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not ("application/problem+json" or "application/json"))
        {
            failures.Add($"{label}: {mediaType} body: {Shorten(body)}");
            return;
        }

        JsonElement problem;
        try
        {
            problem = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            failures.Add($"{label}: not JSON: {Shorten(body)}");
            return;
        }

        if (status != 400)
        {
            failures.Add($"{label}: unexpected status: {Shorten(body)}");
            return;
        }

        var named = problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            ? errors.EnumerateObject().Select(e => e.Name).ToList()
            : [];
        if (parameters.Length > 0 && !named.Any(n => parameters.Contains(n, StringComparer.OrdinalIgnoreCase)))
        {
            failures.Add($"{label}: problem names [{string.Join(",", named)}], expected one of [{string.Join(",", parameters)}]: {Shorten(body)}");
        }

        if (request.RequestUri.AbsolutePath == "/getData" && !(problem.TryGetProperty("isError", out var isError) && isError.ValueKind == JsonValueKind.True))
        {
            failures.Add($"{label}: /getData error without isError true");
        }
    }

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;
}
