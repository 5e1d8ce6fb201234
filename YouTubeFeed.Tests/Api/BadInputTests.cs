using System.Net;
using System.Text.Json;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

/// <summary>Every bad input answers 400 with a JSON problem naming the parameter; never 500.</summary>
[Collection(BackendCollection.Name)]
public sealed class BadInputTests(BackendFixture backend) : ApiTestBase(backend)
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await StoreAsync(Videos.Series("bad", 25));
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { "/getData?limit=15", "limit", "one of 10, 20, 50, 100" },
        { "/getData?limit=0", "limit", "one of 10, 20, 50, 100" },
        { "/getData?limit=-10", "limit", "one of 10, 20, 50, 100" },
        { "/getData?limit=abc", "limit", "is not" },
        { "/getData?limit=10.5", "limit", "is not" },
        { "/getData?limit=99999999999999999999", "limit", "one of 10, 20, 50, 100" },
        { "/getData?limit=10&limit=20", "limit", "given 2 times" },
        { "/getData?pageNo=0", "pageNo", "1 or more" },
        { "/getData?pageNo=-1", "pageNo", "1 or more" },
        { "/getData?pageNo=x", "pageNo", "is not" },
        { "/getData?pageNo=4", "pageNo", "past the last page (3)" },
        { "/getData?pageNo=2147483648", "pageNo", "out of range" },
        { "/api/videos?limit=0", "limit", "from 1 to 100" },
        { "/api/videos?limit=101", "limit", "from 1 to 100" },
        { "/api/videos?limit=%F0%9F%98%80", "limit", "is not" },
        { "/api/videos?limit=1&limit=2", "limit", "given 2 times" },
        { "/api/videos?cursor=not-a-cursor", "cursor", "not a cursor issued by this API" },
        { "/api/videos?cursor=" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB", "cursor", "not a cursor issued" },
        { "/api/videos?q=%25%25%25", "q", "no letters or digits" },
        { "/api/videos?q=one+two+three+four+five+six+seven+eight+nine+ten+eleven", "q", "at most 10" },
        { "/api/videos?order=sideways", "order", "desc (newest first), asc (oldest first) or views" },
        { "/api/videos?channelId=%27%20OR%201%3D1", "channelId", "YouTube channel id" },
        { "/api/videos?publishedAfter=yesterday", "publishedAfter", "ISO 8601" },
        // ISO 8601 date-times only: nothing a culture would read (month or day first?), nothing relative to today.
        { "/api/videos?publishedAfter=01/02/2026", "publishedAfter", "ISO 8601" },
        { "/api/videos?publishedBefore=12:00", "publishedBefore", "ISO 8601" },
        { "/api/videos?publishedAfter=2026-01-31", "publishedAfter", "with a time zone" },
        { "/api/videos?publishedAfter=2026-01-31T00:00:00", "publishedAfter", "with a time zone" },
        { "/api/videos?publishedAfter=Sat,%2031%20Jan%202026%2000:00:00%20GMT", "publishedAfter", "ISO 8601" },
        { "/api/videos?publishedAfter=2026-02-30T00:00:00Z", "publishedAfter", "ISO 8601" },
        { "/api/videos?publishedAfter=1969-12-31T23:59:59Z", "publishedAfter", "between the years 1970 and 9998" },
        // Parameters /api/videos does not take are named, not ignored.
        { "/api/videos?search=football", "search", "not a parameter of /api/videos" },
        { "/api/videos?page=2", "page", "it takes limit, cursor, q, channelId, publishedAfter, publishedBefore, order" },
        { "/api/videos?limit=5&pageNo=2", "pageNo", "not a parameter" },
        { "/api/videos?order=DESC", "order", "desc (newest first), asc (oldest first) or views" },
        { "/api/videos?limit=+5", "limit", "is not an integer" },
        { "/api/videos?publishedAfter=2026-02-01T00:00:00Z&publishedBefore=2026-01-01T00:00:00Z", "publishedBefore", "later than publishedAfter" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_answers_400_naming_the_parameter(string url, string parameter, string message)
    {
        using var response = await Http.GetAsync(url, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.Contains(message, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("errors").TryGetProperty(parameter, out _), $"errors names {parameter}: {text}");
        if (url.StartsWith("/getData", StringComparison.Ordinal))
        {
            Assert.True(body.GetProperty("isError").GetBoolean());
            Assert.Contains(message, body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("2026-11-01T00:10:00Z")]
    [InlineData("2026-11-01t00:10:00z")]
    [InlineData("2026-11-01T01:10:00%2B01:00")]
    [InlineData("2026-10-31T19:10:00.0000000-05:00")]
    public async Task Rfc_3339_date_times_with_any_offset_are_read_as_the_same_instant(string after)
    {
        var page = await GetJsonAsync($"/api/videos?limit=100&publishedAfter={after}");
        Assert.Equal(15, page.GetProperty("items").GetArrayLength()); // bad000010 … bad000024
    }

    [Fact]
    public async Task GetData_ignores_parameters_it_does_not_take_as_the_original_did()
    {
        var page = await GetJsonAsync("/getData?limit=10&search=football&page=3&_=123");
        Assert.Equal(10, page.GetProperty("videos").GetArrayLength());
    }

    [Fact]
    public async Task A_q_longer_than_200_characters_is_refused()
    {
        using var response = await Http.GetAsync("/api/videos?q=" + new string('a', 201), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 200", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("' OR 1=1; DROP TABLE videos; --")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("50% off_sale \"now\"")]
    public async Task Sql_and_script_text_in_q_is_just_text(string q)
    {
        using var response = await Http.GetAsync("/api/videos?q=" + Uri.EscapeDataString(q), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(25, await Store.ScalarAsync<long>("SELECT COUNT(*) FROM videos"));
    }

    [Fact]
    public async Task A_cursor_from_another_search_is_refused()
    {
        var page = await GetJsonAsync("/api/videos?limit=2&q=video");
        var cursor = page.GetProperty("nextCursor").GetString()!;
        using var response = await Http.GetAsync($"/api/videos?limit=2&q=other&cursor={Uri.EscapeDataString(cursor)}", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("another search", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }
}
