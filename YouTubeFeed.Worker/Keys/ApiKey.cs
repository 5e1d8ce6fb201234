namespace YouTubeFeed.Worker.Keys;

/// <summary>One configured key: the secret (used only in the request header), its public fingerprint, its project.</summary>
public sealed record ApiKey(string Value, string Fingerprint, string Project)
{
    // The key itself never reaches a log line, even through a record's printed form.
    public override string ToString() => $"key {Fingerprint} of project {Project}";
}

/// <summary>A Google Cloud project: its keys share one daily quota bucket and one rate limit.</summary>
public sealed record ApiProject(string Name, IReadOnlyList<ApiKey> Keys);
