namespace YouTubeFeed.Api.Http;

/// <summary>Headers every response carries; the page's CSP allows only our own scripts and styles and YouTube's thumbnails.</summary>
internal static class SecurityHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' https://i.ytimg.com data:; style-src 'self'; script-src 'self'; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // The API reference page (Scalar) runs its own inline bootstrap script; it gets no CSP of ours.
        if (!context.Request.Path.StartsWithSegments("/scalar"))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }

        return next(context);
    });

    /// <summary>
    /// Refuses request bodies over the limit before anything runs. Kestrel's own MaxRequestBodySize is
    /// enforced only when a body is read, and this GET-only API never reads one.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var tooLarge = request.ContentLength > maxBytes
                       || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (!tooLarge)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request body is too large.",
                Detail = $"This API reads no request body; at most {maxBytes} bytes are accepted.",
            },
        });
    });
}
