using YouTubeFeed.YouTubeEmulator.Catalog;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>One result of a search: a video, or a channel or playlist made up around a video (its anchor),
/// which gives it a channel, a topic and a place in the list.</summary>
internal sealed record ResultEntry(ResultTypes Type, string Id, Video Anchor);
