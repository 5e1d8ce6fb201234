using System.Text.Json;
using System.Text.Json.Nodes;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

/// <summary>
/// The OpenAPI document shows each parameter with the type, range, format and enum its validation uses, declares the
/// operations public, and is written to <c>TestResults/openapi.json</c>, where <c>.ci/run</c> lints it with Redocly.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class OpenApiDocumentTests(BackendFixture backend) : ApiTestBase(backend)
{
    /// <summary>Where <c>.ci/run</c> expects the document.</summary>
    public static readonly string DocumentPath = RepositoryRoot.Combine("TestResults", "openapi.json");

    [Fact]
    public async Task Parameters_carry_their_types_ranges_formats_and_enums_and_operations_are_public()
    {
        var text = await Http.GetStringAsync("/openapi/v1.json", Cancel);
        Directory.CreateDirectory(Path.GetDirectoryName(DocumentPath)!);
        await File.WriteAllTextAsync(DocumentPath, text, Cancel);

        var document = JsonNode.Parse(text)!;
        var videos = Parameters(document, "/api/videos");
        Assert.Equal(
            ["limit", "cursor", "q", "channelId", "publishedAfter", "publishedBefore", "order", "duration", "minDuration", "maxDuration", "shorts", "live"],
            videos.Keys);
        AssertSchema(videos["limit"], """{"maximum":100,"minimum":1,"type":"integer","format":"int32","default":20}""");
        AssertSchema(videos["cursor"], """{"maxLength":512,"type":"string"}""");
        AssertSchema(videos["q"], """{"maxLength":200,"type":"string"}""");
        AssertSchema(videos["channelId"], """{"maxLength":64,"pattern":"^[A-Za-z0-9_-]+$","type":"string"}""");
        AssertSchema(videos["publishedAfter"], """{"type":"string","format":"date-time"}""");
        AssertSchema(videos["order"], """{"enum":["desc","asc","views"],"type":"string","default":"desc"}""");
        AssertSchema(videos["duration"], """{"enum":["short","medium","long"],"type":"string"}""");
        AssertSchema(videos["shorts"], """{"enum":["exclude","only"],"type":"string"}""");
        AssertSchema(videos["live"], """{"enum":["exclude","only","upcoming"],"type":"string"}""");
        AssertSchema(videos["minDuration"], """{"maxLength":32,"pattern":"^P(?!$)(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$","type":"string"}""");
        Assert.All(videos.Values, p => Assert.False(string.IsNullOrEmpty((string?)p["description"]), $"{p["name"]} has a description"));

        var getData = Parameters(document, "/getData");
        Assert.Equal(["limit", "pageNo"], getData.Keys);
        AssertSchema(getData["limit"], """{"enum":[10,20,50,100],"type":"integer","format":"int32","default":10}""");
        AssertSchema(getData["pageNo"], """{"maximum":2147483647,"minimum":1,"type":"integer","format":"int32","default":1}""");

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var security = item!["get"]!["security"];
            Assert.True(security is JsonArray { Count: 0 }, $"{path} declares itself public (security: [])");
        }

        Assert.All(document["servers"]!.AsArray(), server => Assert.False(((string)server!["url"]!).EndsWith('/'), $"server {server["url"]} ends with /"));
    }

    private static Dictionary<string, JsonNode> Parameters(JsonNode document, string path) =>
        document["paths"]![path]!["get"]!["parameters"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => p!);

    private static void AssertSchema(JsonNode parameter, string expected) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), parameter["schema"]), $"{parameter["name"]}: {parameter["schema"]!.ToJsonString()}");
}
