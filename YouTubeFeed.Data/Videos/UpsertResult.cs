namespace YouTubeFeed.Data.Videos;

/// <summary>What an upsert did: which of the given videos were new, which were changed, which were known as they are.</summary>
public sealed record UpsertResult(IReadOnlyList<string> InsertedIds, int Updated, int Unchanged)
{
    public int Inserted => InsertedIds.Count;

    public static readonly UpsertResult Empty = new([], 0, 0);
}
