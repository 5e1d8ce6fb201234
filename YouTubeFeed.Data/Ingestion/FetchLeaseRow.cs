namespace YouTubeFeed.Data.Ingestion;

/// <summary>
/// The lease that makes one Worker replica the fetcher, in MySQL beside what it protects: each new holder gets
/// a larger fencing token, and the ingestion ledger only accepts writes from the newest one.
/// </summary>
public sealed class FetchLeaseRow
{
    public required string Name { get; set; }

    public required string Holder { get; set; }

    public long Token { get; set; }

    public DateTime ExpiresAt { get; set; }
}
