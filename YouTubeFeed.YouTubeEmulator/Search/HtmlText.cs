using System.Text;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>
/// search.list returns titles and descriptions HTML-escaped (Don&amp;#39;t), and clients must decode them.
/// WebUtility.HtmlEncode would also turn letters like é into entities, which YouTube does not.
/// </summary>
internal static class HtmlText
{
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var character in text)
        {
            _ = character switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '"' => escaped.Append("&quot;"),
                '\'' => escaped.Append("&#39;"),
                _ => escaped.Append(character),
            };
        }

        return escaped.ToString();
    }
}
