using Microsoft.OpenApi;
using YouTubeFeed.Api.Http.Query;

namespace YouTubeFeed.Api;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>), shaped to lint clean under Redocly's recommended rules: every
/// operation declares that it needs no credentials (<c>security: []</c>), servers have no trailing slash, tags are
/// described, and query parameters show their real types and ranges (<see cref="QueryValueSchemas"/>).
/// </summary>
internal static class ApiDocument
{
    public const string OriginalTag = "Original API";
    public const string VideosTag = "Videos";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        [OriginalTag] = "The original service's endpoints, with its paths and response shapes.",
        [VideosTag] = "The cursor API: search, filters and pages that never repeat or skip a video.",
    };

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(openApi =>
    {
        openApi.AddQueryValueSchemas();
        openApi.AddOperationTransformer((operation, _, _) =>
        {
            // Public: an empty list says "no credentials needed" (no list would say "not stated").
            operation.Security = [];
            return Task.CompletedTask;
        });
        openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "YouTubeFeed API";
            document.Info.Description =
                "The newest YouTube videos for the configured search queries. `/getData` and `/health` keep the original " +
                "service's shapes; `/api/videos` is the cursor API with search and filters. Every error is an RFC 9457 " +
                "problem (`application/problem+json`).";
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }

            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            {
                if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
                {
                    tag.Description = description;
                }
            }

            return Task.CompletedTask;
        });
    });
}
