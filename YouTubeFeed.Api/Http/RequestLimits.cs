using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace YouTubeFeed.Api.Http;

/// <summary>
/// The size limits of a request, refused with a problem body: 413 for a body, 414 for the request line, 431 for the
/// headers. Kestrel enforces its own limits before any of our code runs and answers those with an empty body, so its
/// limits are set well above these (<see cref="ConfigureKestrel"/>): a request between the two gets our problem,
/// only one beyond Kestrel's (8 times ours) gets Kestrel's bare status.
/// </summary>
internal static class RequestLimits
{
    /// <summary>GET-only API: nothing legitimate sends a body, so a small limit costs no one anything.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    public const int MaxRequestLineBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;

    private const int KestrelFactor = 8;

    public static void ConfigureKestrel(KestrelServerLimits limits)
    {
        limits.MaxRequestBodySize = MaxBodyBytes;
        limits.MaxRequestLineSize = MaxRequestLineBytes * KestrelFactor;
        limits.MaxRequestHeadersTotalSize = MaxHeaderBytes * KestrelFactor;
        limits.MaxRequestHeaderCount = MaxHeaderCount * KestrelFactor;
    }

    /// <summary>
    /// Refuses an oversized request before anything else runs. Kestrel's own body limit applies only when a body is
    /// read, and this API never reads one.
    /// </summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var line = request.Method.Length + (context.Features.Get<IHttpRequestFeature>()?.RawTarget.Length ?? 0) + request.Protocol.Length + 4;
        if (line > MaxRequestLineBytes)
        {
            await Problems.WriteAsync(context, StatusCodes.Status414UriTooLong, "The request line is too long.",
                $"The method, path and query may take at most {MaxRequestLineBytes} bytes; this request's take {line}.");
            return;
        }

        var (count, bytes) = HeaderSize(request.Headers);
        if (count > MaxHeaderCount || bytes > MaxHeaderBytes)
        {
            await Problems.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request headers are too large.",
                $"At most {MaxHeaderCount} header lines of {MaxHeaderBytes} bytes in all are accepted; this request sent {count} of {bytes}.");
            return;
        }

        if (request.ContentLength > MaxBodyBytes || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0))
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
                $"This API reads no request body; at most {MaxBodyBytes} bytes are accepted.");
            return;
        }

        await next(context);
    });

    private static (int Count, long Bytes) HeaderSize(IHeaderDictionary headers)
    {
        var count = 0;
        var bytes = 0L;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                count++;
                bytes += name.Length + (value?.Length ?? 0) + 4; // "name: value\r\n"
            }
        }

        return (count, bytes);
    }
}
