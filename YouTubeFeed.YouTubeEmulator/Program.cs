namespace YouTubeFeed.YouTubeEmulator;

// Not a top-level program: the test project sees the internals of several web projects, and more than
// one global "Program" type there would be ambiguous.
internal static class Program
{
    private static void Main(string[] args) => EmulatorApp.Build(args).Run();
}
