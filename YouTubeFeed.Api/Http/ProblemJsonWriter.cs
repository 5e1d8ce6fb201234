using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace YouTubeFeed.Api.Http;

/// <summary>
/// Writes every error of the Api, from an endpoint, a middleware or the status-code pages, as
/// <c>application/problem+json</c>, whatever the request's <c>Accept</c> says. The framework's writer declines a
/// client that accepts only, say, <c>text/plain</c>; <see cref="IProblemDetailsService.WriteAsync"/> then throws, and
/// a 429 or a 413 became an empty 500 with an Error log. A body of a type the client did not ask for is allowed
/// (RFC 9110, section 12.1) and beats none.
/// </summary>
/// <remarks>On <c>/getData</c> the problem also carries the original service's <c>isError</c> and <c>message</c>.</remarks>
internal sealed class ProblemJsonWriter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    private static readonly Dictionary<int, string> Types = new()
    {
        [400] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        [401] = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        [403] = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        [404] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        [405] = "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        [413] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [414] = "https://tools.ietf.org/html/rfc9110#section-15.5.15",
        [429] = "https://tools.ietf.org/html/rfc6585#section-4",
        [431] = "https://tools.ietf.org/html/rfc6585#section-5",
        [500] = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        [503] = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
    };

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status ?? http.Response.StatusCode;
        problem.Status = status;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        problem.Type ??= Types.GetValueOrDefault(status);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        if (http.Request.Path.StartsWithSegments("/getData"))
        {
            problem.Extensions.TryAdd("isError", true);
            problem.Extensions.TryAdd("message", problem.Detail ?? problem.Title);
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        return new ValueTask(JsonSerializer.SerializeAsync(
            http.Response.Body, problem, json.Value.SerializerOptions.GetTypeInfo(problem.GetType()), http.RequestAborted));
    }
}
