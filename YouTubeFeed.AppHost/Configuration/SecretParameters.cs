using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace YouTubeFeed.AppHost.Configuration;

/// <summary>
/// Every secret the services get, as an Aspire secret parameter: masked on the dashboard, never in a command line or a
/// log. A secret given to the AppHost under its setting name (<see cref="SecretSettings"/>) is taken as it is; the
/// cursor signing key and the operator token are generated when not given (and kept in the AppHost's user secrets).
/// </summary>
internal sealed record SecretParameters(
    IResourceBuilder<ParameterResource>? YouTubeApiKeys,
    IReadOnlyList<(string Project, IResourceBuilder<ParameterResource> Keys)> YouTubeProjects,
    IResourceBuilder<ParameterResource> CursorSigningKey,
    IResourceBuilder<ParameterResource>? CursorSigningKeyPrevious,
    IResourceBuilder<ParameterResource> OperatorToken)
{
    public const string CursorSigningKeyParameter = "cursor-signing-key";
    public const string CursorSigningKeyPreviousParameter = "cursor-signing-key-previous";
    public const string OperatorTokenParameter = "operator-token";

    /// <summary>Whether any YouTube key is configured (then the Worker calls YouTube, else the emulator runs).</summary>
    public bool HasYouTubeKeys => YouTubeApiKeys is not null || YouTubeProjects.Count > 0;

}

internal static class SecretParameterExtensions
{
    /// <summary>
    /// Passes the secret to the service under its setting name (<c>Api:CursorSigningKey</c> → <c>Api__CursorSigningKey</c>);
    /// nothing when it is not configured.
    /// </summary>
    public static IResourceBuilder<T> WithSecret<T>(this IResourceBuilder<T> resource, string setting, IResourceBuilder<ParameterResource>? secret)
        where T : IResourceWithEnvironment =>
        secret is null ? resource : resource.WithEnvironment(ServiceSettings.ToEnvironmentName(setting), secret);

    public static SecretParameters AddSecretParameters(this IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;

        // One rule for the three names of the keys (see SecretSettings.ResolveApiKeys).
        var apiKeys = SecretSettings.ResolveApiKeys(configuration, includeParameter: true) is { } keys
            ? builder.AddParameter(SecretSettings.ApiKeysParameter, keys, publishValueAsDefault: false, secret: true)
            : null;

        var projects = new List<(string, IResourceBuilder<ParameterResource>)>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var project in configuration.GetSection(SecretSettings.Projects).GetChildren().Where(p => !string.IsNullOrWhiteSpace(p.Value)))
        {
            var name = ParameterName("youtube-project-", project.Key, names);
            projects.Add((project.Key, builder.AddParameter(name, project.Value!, publishValueAsDefault: false, secret: true)));
        }

        return new SecretParameters(
            apiKeys,
            projects,
            Given(builder, SecretParameters.CursorSigningKeyParameter, SecretSettings.CursorSigningKey)
                ?? Generated(builder, SecretParameters.CursorSigningKeyParameter),
            Given(builder, SecretParameters.CursorSigningKeyPreviousParameter, SecretSettings.CursorSigningKeyPrevious),
            Given(builder, SecretParameters.OperatorTokenParameter, SecretSettings.OperatorToken)
                ?? Generated(builder, SecretParameters.OperatorTokenParameter));
    }

    /// <summary>The secret given as <paramref name="setting"/> or as <c>Parameters:{name}</c>, as a parameter; null when neither is.</summary>
    private static IResourceBuilder<ParameterResource>? Given(IDistributedApplicationBuilder builder, string name, string setting)
    {
        if (builder.Configuration[setting] is { Length: > 0 } value)
        {
            return builder.AddParameter(name, value, publishValueAsDefault: false, secret: true);
        }

        return builder.Configuration[$"Parameters:{name}"] is { Length: > 0 } ? builder.AddParameter(name, secret: true) : null;
    }

    /// <summary>
    /// A random secret, kept in the AppHost's user secrets (<c>Parameters:{name}</c>) so that it outlives a restart
    /// (cursors stay valid). Letters and digits: the operator token travels in an HTTP header.
    /// </summary>
    private static IResourceBuilder<ParameterResource> Generated(IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

    /// <summary>A resource name from a project name: lowercase letters, digits and single hyphens, unique.</summary>
    private static string ParameterName(string prefix, string project, HashSet<string> taken)
    {
        var name = new StringBuilder(prefix);
        foreach (var c in project.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(c);
            }
            else if (name[^1] != '-')
            {
                name.Append('-');
            }
        }

        var candidate = name.ToString().TrimEnd('-');
        if (candidate.Length > 50)
        {
            candidate = candidate[..50].TrimEnd('-');
        }

        var unique = candidate;
        for (var i = 2; !taken.Add(unique); i++)
        {
            unique = $"{candidate}-{i}";
        }

        return unique;
    }
}
