using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Api.Http.Query;

/// <summary>
/// The <c>order</c> parameter as sent: <c>desc</c> (newest first), <c>asc</c> (oldest first) or <c>views</c> (most
/// viewed first), exactly the enum the OpenAPI document lists. Like <see cref="QueryInteger"/>, it never refuses the text.
/// </summary>
public readonly record struct QueryOrder
{
    public const string Newest = "desc", Oldest = "asc", MostViewed = "views";

    public static readonly string[] Names = [Newest, Oldest, MostViewed];

    private QueryOrder(string text, SortOrder? value)
    {
        Text = text;
        Value = value;
    }

    public string Text { get; }

    /// <summary>The order, or null when <see cref="Text"/> is not one of <see cref="Names"/>.</summary>
    public SortOrder? Value { get; }

    public bool IsEmpty => Text.Length == 0;

    public static bool TryParse(string? text, IFormatProvider? provider, out QueryOrder result)
    {
        text ??= "";
        result = new QueryOrder(text, text switch
        {
            Newest => SortOrder.NewestFirst,
            Oldest => SortOrder.OldestFirst,
            MostViewed => SortOrder.MostViewed,
            _ => null,
        });
        return true;
    }
}
