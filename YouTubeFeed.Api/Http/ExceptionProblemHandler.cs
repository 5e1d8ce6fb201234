using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace YouTubeFeed.Api.Http;

/// <summary>
/// What an exception that escaped an endpoint becomes. A database that does not answer: 503 with Retry-After and a
/// Warning. A client's doing (it went away; it sent what cannot be read): nothing, or a 4xx, logged at Debug, never
/// an Error with a stack trace. Anything else: a plain 500 problem without internals, and the Error log it deserves.
/// </summary>
internal sealed partial class ExceptionProblemHandler(IProblemDetailsService problems, ILogger<ExceptionProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client closed the connection: there is no one to answer.
            LogClientLeft(logger, httpContext.Request.Path);
            return true;
        }

        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            LogBadRequest(logger, bad.StatusCode, bad.Message);
            problem = new ProblemDetails { Status = bad.StatusCode, Detail = "The request could not be read." };
        }
        else if (exception is DbException or TimeoutException || exception.InnerException is DbException)
        {
            LogUnavailable(logger, exception.Message);
            httpContext.Response.Headers.RetryAfter = "5";
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unavailable.",
                Detail = "The video store does not answer right now; try again in a few seconds.",
            };
        }
        else
        {
            LogUnexpected(logger, exception);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "The server failed to answer.",
                Detail = "An unexpected error occurred; it has been logged.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The client left before {Path} was answered")]
    private static partial void LogClientLeft(ILogger logger, PathString path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Bad request ({Status}): {Reason}")]
    private static partial void LogBadRequest(ILogger logger, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
