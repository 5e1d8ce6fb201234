namespace YouTubeFeed.Worker.Keys;

public enum KeyStatus
{
    Usable,
    RateLimited,
    Exhausted,
    Invalid,
}

/// <summary>What is known of one key: its status (until when, where it passes) and the units it spent today.</summary>
public sealed record KeyState(KeyStatus Status, DateTimeOffset? Until)
{
    public static readonly KeyState Usable = new(KeyStatus.Usable, null);

    public KeyStatus StatusAt(DateTimeOffset now) =>
        Status is KeyStatus.RateLimited or KeyStatus.Exhausted && Until is { } until && until <= now ? KeyStatus.Usable : Status;

    /// <summary>How bad the state is, to pick the worse of two views of one key.</summary>
    public int Severity => Status switch
    {
        KeyStatus.Invalid => 3,
        KeyStatus.Exhausted => 2,
        KeyStatus.RateLimited => 1,
        _ => 0,
    };
}

/// <summary>One configured key: the secret (used only in the request header) and its public fingerprint.</summary>
public sealed record ApiKey(string Value, string Fingerprint)
{
    // The key itself never reaches a log line, even through a record's printed form.
    public override string ToString() => $"key {Fingerprint}";
}

/// <summary>The pool at one instant: what pacing and health report.</summary>
public sealed record QuotaStatus(int UsableKeys, long RemainingUnits, DateTimeOffset NextReset, DateTimeOffset? EarliestUsableAt);
