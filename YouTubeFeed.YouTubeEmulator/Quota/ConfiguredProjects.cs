namespace YouTubeFeed.YouTubeEmulator.Quota;

/// <summary>Reads <c>Emulator:Projects:&lt;name&gt;</c> (comma-separated keys) and <c>Emulator:DisabledProjects</c>.</summary>
internal static class ConfiguredProjects
{
    public static IEnumerable<(string Name, IReadOnlyList<string> Keys)> Read(EmulatorOptions options) =>
        options.Projects
            .Where(pair => !string.IsNullOrWhiteSpace(pair.Key))
            .Select(pair => (pair.Key.Trim(), (IReadOnlyList<string>)Split(pair.Value)));

    public static HashSet<string> Disabled(EmulatorOptions options) => Split(options.DisabledProjects).ToHashSet(StringComparer.Ordinal);

    private static string[] Split(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
