using System.IO.Hashing;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Net.Http.Headers;

namespace YouTubeFeed.Api.Http;

/// <summary>
/// A JSON body serialised once, with its ETag, written to the response as bytes. Conditional requests get
/// 304, and every list response says how long it may be reused.
/// </summary>
public sealed class RenderedResponse : IResult
{
    private readonly byte[] body;
    private readonly string etag;
    private readonly string cacheControl;

    private RenderedResponse(byte[] body, string cacheControl)
    {
        this.body = body;
        this.cacheControl = cacheControl;
        etag = $"\"{Convert.ToHexStringLower(XxHash3.Hash(body))}\"";
    }

    /// <summary>Feed pages change every fetch interval (10 s): browsers and proxies may reuse them briefly, then revalidate.</summary>
    public const string FeedCacheControl = "public, max-age=5, stale-while-revalidate=10";

    public static RenderedResponse Json<T>(T value, JsonTypeInfo<T> typeInfo, string cacheControl = FeedCacheControl) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), cacheControl);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = cacheControl;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (httpContext.Request.Headers.IfNoneMatch.Any(value => value is not null
                && (value == "*" || value.Split(',').Any(tag => tag.Trim().TrimStart('W', '/') == etag))))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }
}
