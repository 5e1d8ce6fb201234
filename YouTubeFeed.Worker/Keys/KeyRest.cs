using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Worker.Keys;

/// <summary>
/// How long a refused key (or its project) rests before it is tried again. Pauses grow with each refusal in a
/// row, so a key that an operator fixes is back within the longest pause, while a broken one costs a call an
/// hour at most; a success ends the streak.
/// </summary>
public static class KeyRest
{
    /// <summary>The pause after the <paramref name="strikes"/>-th refusal in a row (1-based).</summary>
    public static TimeSpan For(FailureKind kind, int strikes, TimeSpan? retryAfter)
    {
        var (first, longest) = kind switch
        {
            // Per-minute and per-100-second limits: a short pause, doubling.
            FailureKind.RateLimited => (TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15)),
            // Waiting for an operator to enable the API or lift a restriction.
            FailureKind.ApiDisabled or FailureKind.KeyBlocked => (TimeSpan.FromMinutes(2), TimeSpan.FromHours(1)),
            // Possibly about the request rather than the key.
            _ => (TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30)),
        };
        var doubled = first * Math.Pow(2, Math.Clamp(strikes - 1, 0, 20));
        var pause = doubled < longest ? doubled : longest;
        return retryAfter is { } asked && asked > pause ? asked : pause;
    }

    /// <summary>Whether the refusal concerns every key of the project (its quota, its rate limit, its API switch).</summary>
    public static bool AppliesToProject(FailureKind kind) => kind is FailureKind.RateLimited or FailureKind.ApiDisabled;
}
