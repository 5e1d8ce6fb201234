using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using YouTubeFeed.Data.Caching;
using YouTubeFeed.Worker.Ingestion;

namespace YouTubeFeed.Worker.Operations;

/// <summary>
/// "Fetch now": <c>POST /fetch-now</c> asks for a tick at once. Whichever replica holds the fetch lease should act,
/// so the request is also published to every replica through Redis; each one's loop then asks the planner, which
/// still decides what the quota allows.
/// </summary>
/// <remarks>
/// Operators only: the request must carry <c>X-Operator-Token</c> equal to <c>Worker:OperatorToken</c> (compared in
/// constant time); without the header 401, with a wrong one 403. With no token configured the endpoint is off and
/// answers 404: an operation nobody can be authorised for is not offered, rather than offered to everyone.
/// </remarks>
public static partial class FetchNowEndpoint
{
    public const string TokenHeader = "X-Operator-Token";
    public const string TokenSetting = "Worker:OperatorToken";

    public static WebApplication MapFetchNow(this WebApplication app)
    {
        var token = app.Configuration[TokenSetting];
        var expected = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
        app.MapPost("/fetch-now", async Task<Results<Accepted, ProblemHttpResult>> (
            HttpRequest request, IngestionWorker worker, IConnectionMultiplexer redis, ILogger<IngestionWorker> logger) =>
        {
            if (Refusal(request, expected, logger) is { } refused)
            {
                return refused;
            }

            worker.RequestFetchNow();
            try
            {
                await redis.GetSubscriber().PublishAsync(CacheKeys.FetchNow, "1");
            }
            catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
            {
                // Without Redis there is only this replica's own loop to ask, and it has been asked.
                LogNotPublished(logger, exception.Message);
            }

            return TypedResults.Accepted((string?)null);
        }).WithDescription(
            "Runs a tick now, outside the schedule (the dashboard's \"Fetch now\"); the quota planner still decides what to read. " +
            $"Requires the {TokenHeader} header (Worker:OperatorToken); 404 while no token is configured.");
        return app;
    }

    private static ProblemHttpResult? Refusal(HttpRequest request, byte[]? expected, ILogger logger)
    {
        if (expected is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Fetch now is off.", $"No operator token is configured ({TokenSetting}).");
        }

        var given = request.Headers[TokenHeader];
        if (given.Count == 0 || string.IsNullOrEmpty(given[0]))
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = $"{TokenHeader.Replace("X-", "", StringComparison.Ordinal)} header=\"{TokenHeader}\"";
            return Problem(StatusCodes.Status401Unauthorized, "An operator token is required.", $"Send it in the {TokenHeader} header.");
        }

        // Hashes of equal length compared in constant time: neither the token's content nor its length leaks through timing.
        if (given.Count > 1 || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given[0]!)), expected))
        {
            LogRefused(logger, request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return Problem(StatusCodes.Status403Forbidden, "The operator token is wrong.", $"The {TokenHeader} header does not match {TokenSetting}.");
        }

        return null;
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetch now not passed to the other replicas: {Reason}")]
    private static partial void LogNotPublished(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetch now refused: wrong operator token from {Client}")]
    private static partial void LogRefused(ILogger logger, string client);
}
