using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace YouTubeFeed.Api.Http;

/// <summary>
/// A fixed-window limit per client IP address; a client over it gets 429 with Retry-After. <c>/health</c> and
/// <c>/alive</c> are limited too, but in an allowance of their own, so that a client browsing hard does not make
/// its orchestrator's probes fail, nor a flood of probes lock a client out of the videos.
/// </summary>
internal static class RateLimiting
{
    public static IServiceCollection AddPerClientRateLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiOptions>>((limiter, api) =>
        {
            var permits = api.Value.RateLimitPermits;
            var window = api.Value.RateLimitWindow;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (permits == 0)
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var path = context.Request.Path;
                var probe = path.StartsWithSegments(Extensions.HealthPath) || path.StartsWithSegments(Extensions.AlivePath);
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(
                    probe ? "probe " + client : client,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
            });
            limiter.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests.",
                    $"This client may make {permits} requests per {window.TotalSeconds:0} s; retry in {seconds} s.");
            };
        });
        return services;
    }
}
