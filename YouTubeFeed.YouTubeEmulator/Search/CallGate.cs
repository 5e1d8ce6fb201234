using YouTubeFeed.YouTubeEmulator.Faults;
using YouTubeFeed.YouTubeEmulator.Quota;
using YouTubeFeed.YouTubeEmulator.Realism;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <param name="Refusal">The answer when the call goes no further; null when it was admitted and charged.</param>
/// <param name="Project">The key's project; null without a key or for a refused unknown key.</param>
/// <param name="Target">What injected faults may match of this call; null when refused before the key was known.</param>
internal sealed record Admission(ApiAnswer? Refusal, string? Project, FaultTarget? Target);

/// <summary>200 bodies of the malformed and unexpected-shape faults, for one method's response kind.</summary>
internal sealed record FaultBodySet(string Malformed, Func<string, string> UnexpectedShape);

/// <summary>
/// Google's order of concerns before a call does its own work, the same for search.list and videos.list: the
/// latency, the key and its project (refusals that cost nothing: missing, invalid or expired key, API disabled,
/// rate limits), then the quota bucket of the method (charged before the parameters are looked at, since Google
/// bills invalid calls too); after the charge, injected failures and random backend errors.
/// </summary>
internal sealed class CallGate(
    ProjectRegistry projects,
    FaultQueue faults,
    Latency latency,
    Behaviour behaviour,
    Chance chance,
    TimeProvider time)
{
    public async Task<Admission> AdmitAsync(
        string? key,
        string method,
        string? query,
        int? page,
        QuotaBucket bucket,
        CancellationToken aborted)
    {
        await WaitAsync(latency.Delay, aborted);

        if (key is null)
        {
            return new Admission(ApiAnswer.Error(GoogleErrors.MissingKey()), null, null);
        }

        var (access, project) = projects.Check(key);
        var refused = access switch
        {
            KeyAccess.Invalid => GoogleErrors.InvalidKey(),
            KeyAccess.Expired => GoogleErrors.ExpiredKey(),
            KeyAccess.ApiDisabled => GoogleErrors.AccessNotConfigured(project!),
            _ => null,
        };
        if (refused is not null)
        {
            return new Admission(ApiAnswer.Error(refused) with { Project = project }, project, null);
        }

        var target = new FaultTarget(method, query, page, KeyFingerprint.Of(key), project);
        var answer = Refusal(project!, target) ?? RandomRateLimit(project!);
        if (answer is null && projects.TryCharge(project!, bucket) == ChargeOutcome.QuotaExceeded)
        {
            answer = ApiAnswer.Error(GoogleErrors.QuotaExceeded());
        }

        return new Admission(answer is null ? null : answer with { Project = project }, project, target);
    }

    /// <summary>The charged fault waiting for this call, if any. <c>Forced</c> is the answer it imposes (an error,
    /// a malformed 200); when null the call goes on, after a timeout's wait, with <c>Fault</c> (a timeout or a page
    /// oddity) to shape it.</summary>
    public async Task<(ApiAnswer? Forced, Fault? Fault)> TakeChargedFaultAsync(FaultTarget target, FaultBodySet bodies, CancellationToken aborted)
    {
        var fault = faults.TryTake(target, kind => !kind.IsUncharged());
        switch (fault?.Kind)
        {
            case FaultKind.Status:
                return (ApiAnswer.Error(GoogleErrors.ForStatus(fault.Status)), fault);
            case FaultKind.Forbidden:
                return (ApiAnswer.Error(GoogleErrors.Forbidden()), fault);
            case FaultKind.Malformed:
                return (ApiAnswer.Raw(bodies.Malformed, FaultKind.Malformed), fault);
            case FaultKind.UnexpectedShape:
                return (ApiAnswer.Raw(bodies.UnexpectedShape(fault.Variant), FaultKind.UnexpectedShape), fault);
            case FaultKind.Timeout:
                await WaitAsync(fault.Delay, aborted);
                return (null, fault);
            default:
                return (null, fault);
        }
    }

    /// <summary>A transient failure after the charge: Google bills a call its backend failed to answer.</summary>
    public ApiAnswer? RandomBackendError() =>
        behaviour.ErrorShare > 0 && chance.Next() < behaviour.ErrorShare
            ? ApiAnswer.Error(GoogleErrors.ForStatus(StatusCodes.Status503ServiceUnavailable))
            : null;

    private ApiAnswer? Refusal(string project, FaultTarget target)
    {
        var refusal = faults.TryTake(target, kind => kind.IsUncharged());
        return refusal?.Kind switch
        {
            FaultKind.RateLimit => ApiAnswer.Error(GoogleErrors.RateLimitExceeded()),
            FaultKind.ResourceExhausted => ApiAnswer.Error(GoogleErrors.ResourceExhausted(project)) with { RetryAfter = refusal.RetryAfter },
            FaultKind.AccessNotConfigured => ApiAnswer.Error(GoogleErrors.AccessNotConfigured(project)),
            FaultKind.KeyExpired => ApiAnswer.Error(GoogleErrors.ExpiredKey()),
            FaultKind.QuotaExceeded => ApiAnswer.Error(GoogleErrors.QuotaExceeded()),
            _ => null,
        };
    }

    /// <summary>Half the refusals in Google's older YouTube form (403 rateLimitExceeded), half in its newer one
    /// (429 RESOURCE_EXHAUSTED with Retry-After). Neither is charged.</summary>
    private ApiAnswer? RandomRateLimit(string project)
    {
        if (behaviour.RateLimitShare <= 0 || chance.Next() >= behaviour.RateLimitShare)
        {
            return null;
        }

        var form = chance.Next();
        return form < 0.25 ? ApiAnswer.Error(GoogleErrors.RateLimitExceeded("usageLimits"))
            : form < 0.5 ? ApiAnswer.Error(GoogleErrors.RateLimitExceeded("youtube.quota"))
            : ApiAnswer.Error(GoogleErrors.ResourceExhausted(project)) with { RetryAfter = chance.Next(1, 6) };
    }

    private Task WaitAsync(TimeSpan delay, CancellationToken aborted) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, time, aborted) : Task.CompletedTask;
}
