using YouTubeFeed.YouTubeEmulator.Calls;

namespace YouTubeFeed.YouTubeEmulator.Admin;

internal static class CallAdmin
{
    public static void MapCallAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/calls", (CallLog calls) => TypedResults.Ok(calls.List()));
        admin.MapDelete("/calls", (CallLog calls) =>
        {
            calls.Clear();
            return TypedResults.NoContent();
        });
    }
}
