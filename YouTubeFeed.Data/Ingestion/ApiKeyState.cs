namespace YouTubeFeed.Data.Ingestion;

/// <summary>
/// What the Worker knows of one API key (named by its fingerprint, never by the key): resting after a refusal
/// until an instant, or retired because YouTube called it invalid or expired.
/// </summary>
public sealed class ApiKeyState
{
    public required string Fingerprint { get; set; }

    /// <summary><c>resting</c> or <c>retired</c> (a usable key has no row, or its rest is over).</summary>
    public required string Status { get; set; }

    public DateTime? Until { get; set; }

    /// <summary>Refusals in a row: each makes the next rest longer; a success clears them.</summary>
    public int Strikes { get; set; }

    /// <summary>Google's reason for the last refusal (e.g. <c>accessNotConfigured</c>).</summary>
    public required string Reason { get; set; }

    public DateTime UpdatedAt { get; set; }
}
