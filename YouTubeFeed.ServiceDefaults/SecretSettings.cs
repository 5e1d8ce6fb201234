using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The settings that are secrets, named in one place. They belong in user secrets or the environment, never in a
/// committed file; they are never logged; and the AppHost passes each to its service as an Aspire secret parameter
/// (masked on the dashboard) instead of forwarding it with the rest of the service's section.
/// </summary>
public static class SecretSettings
{
    /// <summary>The YouTube API keys, comma-separated.</summary>
    public const string ApiKeys = "YouTube:ApiKeys";

    /// <summary>The original project's name for <see cref="ApiKeys"/>, still accepted.</summary>
    public const string LegacyApiKeys = "YOUTUBE_API_KEYS";

    /// <summary>The AppHost's secret parameter that carries the API keys (user secrets: <c>Parameters:youtube-api-keys</c>).</summary>
    public const string ApiKeysParameter = "youtube-api-keys";

    /// <summary><c>YouTube:Projects:&lt;name&gt;</c> = the comma-separated keys of one Google Cloud project; every value is a secret.</summary>
    public const string Projects = "YouTube:Projects";

    /// <summary>The secret that signs the Api's cursors.</summary>
    public const string CursorSigningKey = "Api:CursorSigningKey";

    /// <summary>The signing key before the last rotation: cursors it signed are still accepted.</summary>
    public const string CursorSigningKeyPrevious = "Api:CursorSigningKeyPrevious";

    /// <summary>The token the Worker's <c>POST /fetch-now</c> requires in the <c>X-Operator-Token</c> header.</summary>
    public const string OperatorToken = "Worker:OperatorToken";

    private static readonly string[] s_keys = [ApiKeys, LegacyApiKeys, CursorSigningKey, CursorSigningKeyPrevious, OperatorToken];

    /// <summary>Whether the setting <paramref name="key"/> (<c>:</c>-separated, any case) holds a secret.</summary>
    public static bool IsSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return s_keys.Contains(key, StringComparer.OrdinalIgnoreCase)
            || key.StartsWith(Projects + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The API keys from the first of their names that is set: <c>Parameters:youtube-api-keys</c> (when
    /// <paramref name="includeParameter"/>, in the AppHost), <c>YouTube:ApiKeys</c>, <c>YOUTUBE_API_KEYS</c>; null when none is.
    /// </summary>
    public static string? ResolveApiKeys(IConfiguration configuration, bool includeParameter = false)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string?[] candidates =
        [
            includeParameter ? configuration[$"Parameters:{ApiKeysParameter}"] : null,
            configuration[ApiKeys],
            configuration[LegacyApiKeys],
        ];
        return candidates.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
    }
}
