using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using YouTubeFeed.Api.Http.Query;

namespace YouTubeFeed.Api.Http;

/// <summary>The error bodies of the Api: RFC 9457 problem details (<see cref="ProblemJsonWriter"/> writes them all).</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(ParameterErrors errors)
    {
        var problem = new ValidationProblemDetails(errors.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has invalid parameters.",
            Detail = errors.FirstError,
        };
        return TypedResults.Problem(problem);
    }

    /// <summary>Writes a problem from middleware (no endpoint ran), in JSON whatever the client accepts (<see cref="ProblemJsonWriter"/>).</summary>
    public static ValueTask WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        return context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
