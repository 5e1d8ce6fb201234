namespace Microsoft.Extensions.Hosting;

/// <summary>The names under which YouTubeFeed's own traces and metrics are published.</summary>
public static class TelemetryNames
{
    public const string ActivitySource = "YouTubeFeed";
    public const string Meter = "YouTubeFeed";
}
