namespace YouTubeFeed.Data.Videos;

/// <summary>
/// A video whose search terms are not written yet (new) or are out of date (changed). <see cref="VideoWriter"/>
/// adds it in the video's own transaction; <see cref="SearchIndexer"/> removes it in the transaction that
/// writes the terms. Search reads these videos themselves, so a video is found from the moment it is stored.
/// </summary>
public sealed class SearchBacklogEntry
{
    public required string VideoId { get; set; }
}
