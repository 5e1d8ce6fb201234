using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Worker.YouTube;

/// <summary>What one <c>videos.list</c> call brought: the details of the ids YouTube still returns (a deleted or
/// private video is simply absent), or a classified failure.</summary>
public abstract record VideosOutcome;

/// <param name="Videos">By video id; only the ids YouTube returned.</param>
public sealed record VideosAnswer(IReadOnlyDictionary<string, VideoDetails> Videos) : VideosOutcome;

public sealed record VideosFailure(SearchFailure Failure) : VideosOutcome;
