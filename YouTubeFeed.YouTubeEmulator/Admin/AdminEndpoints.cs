namespace YouTubeFeed.YouTubeEmulator.Admin;

/// <summary>
/// Control over the emulator for tests and operators: what is published, which keys and projects exist, which
/// faults come next, and what the clients asked.
/// </summary>
internal static class AdminEndpoints
{
    public static WebApplication MapAdmin(this WebApplication app)
    {
        var admin = app.MapGroup("/admin").WithTags("Emulator admin");
        admin.MapVideoAdmin();
        admin.MapKeyAdmin();
        admin.MapProjectAdmin();
        admin.MapFaultAdmin();
        admin.MapCallAdmin();
        admin.MapResetAdmin();
        return app;
    }
}
