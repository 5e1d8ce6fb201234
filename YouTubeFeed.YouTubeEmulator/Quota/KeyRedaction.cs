using System.Diagnostics;

namespace YouTubeFeed.YouTubeEmulator.Quota;

internal static class KeyRedaction
{
    private const string KeysPath = "/admin/keys";

    /// <summary>
    /// The request trace records the raw path, and <c>PUT /admin/keys/{key}</c> carries a key in it.
    /// (A search's <c>?key=</c> is already redacted by the tracing instrumentation, which hides query values.)
    /// </summary>
    public static WebApplication UseKeyRedaction(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(KeysPath, out var rest) && rest.HasValue && rest.Value != "/")
            {
                Activity.Current?.SetTag("url.path", KeysPath + "/{key}");
            }

            return next(context);
        });
        return app;
    }
}
