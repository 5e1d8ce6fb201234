namespace YouTubeFeed.Data.Videos;

/// <summary>Column sizes, in one place so that the schema and the code that truncates agree.</summary>
public static class VideoLimits
{
    public const int VideoIdLength = 32;
    public const int TitleLength = 500;
    public const int ChannelIdLength = 64;
    public const int ChannelTitleLength = 300;
    public const int UrlLength = 500;
}
