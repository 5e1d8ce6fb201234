using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace YouTubeFeed.Api.Http;

/// <summary>
/// The benchmark's "ceiling": the cheapest answer this process can give through the same middleware, with
/// as many bytes as a real page. Mapped only when <c>Api:BenchmarkEndpoints</c> is true.
/// </summary>
internal static class BenchmarkEndpoints
{
    private static readonly ConcurrentDictionary<int, byte[]> Bodies = new();

    public static IEndpointRouteBuilder MapBenchmarkEndpoints(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value.BenchmarkEndpoints)
        {
            return app;
        }

        app.MapGet("/bench/ceiling", (HttpContext context) =>
        {
            var size = int.TryParse(context.Request.Query["bytes"], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? Math.Clamp(n, 2, 1 << 20)
                : 2300;
            var body = Bodies.GetOrAdd(size, length =>
            {
                var bytes = Enumerable.Repeat((byte)' ', length).ToArray();
                bytes[0] = (byte)'"';
                bytes[^1] = (byte)'"';
                return bytes;
            });
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
        }).ExcludeFromDescription();
        return app;
    }
}
