using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace YouTubeFeed.Api.Http;

/// <summary>
/// Turns a database that does not answer into 503 with a clear body (the cache still serves what it can),
/// and anything unexpected into a plain 500 problem without internals.
/// </summary>
internal sealed partial class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var unavailable = exception is DbException or TimeoutException
                          || exception.InnerException is DbException
                          || exception is InvalidOperationException { InnerException: DbException };
        var legacy = httpContext.Request.Path.StartsWithSegments("/getData");
        var problem = new ProblemDetails
        {
            Status = unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
            Title = unavailable ? "The database is unavailable." : "The server failed to answer.",
            Detail = unavailable
                ? "The video store does not answer right now; try again in a few seconds."
                : "An unexpected error occurred; it has been logged.",
        };
        if (legacy)
        {
            problem.Extensions["isError"] = true;
            problem.Extensions["message"] = problem.Detail;
        }

        if (unavailable)
        {
            LogUnavailable(logger, exception.Message);
            httpContext.Response.Headers.RetryAfter = "5";
        }
        else
        {
            LogUnexpected(logger, exception);
        }

        httpContext.Response.StatusCode = problem.Status.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = null });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
