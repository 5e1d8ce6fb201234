using YouTubeFeed.YouTubeEmulator.Calls;
using YouTubeFeed.YouTubeEmulator.Catalog;
using YouTubeFeed.YouTubeEmulator.Faults;
using YouTubeFeed.YouTubeEmulator.Quota;

namespace YouTubeFeed.YouTubeEmulator.Admin;

internal static class ResetAdmin
{
    /// <summary>Back to the configured state with an empty catalog: a test that wants videos publishes its own,
    /// so the seed is not repeated. The steady stream keeps running.</summary>
    public static void MapResetAdmin(this RouteGroupBuilder admin) =>
        admin.MapPost("/reset", (VideoCatalog catalog, CallLog calls, FaultQueue faults, Latency latency, ProjectRegistry projects) =>
        {
            catalog.Clear();
            calls.Clear();
            faults.Clear();
            latency.Delay = TimeSpan.Zero;
            projects.ResetToConfigured();
            return TypedResults.NoContent();
        });
}
