using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace YouTubeFeed.Api.Http;

/// <summary>The error bodies of the Api: RFC 9457 problem details, plus the original's isError/message where it applies.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(QueryParameters parameters, bool legacyFields = false)
    {
        var problem = new ValidationProblemDetails(parameters.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has invalid parameters.",
            Detail = parameters.FirstError,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        };
        if (legacyFields)
        {
            problem.Extensions["isError"] = true;
            problem.Extensions["message"] = parameters.FirstError;
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Unavailable(string detail, bool legacyFields = false)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The database is unavailable.",
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        };
        if (legacyFields)
        {
            problem.Extensions["isError"] = true;
            problem.Extensions["message"] = detail;
        }

        return TypedResults.Problem(problem);
    }
}
