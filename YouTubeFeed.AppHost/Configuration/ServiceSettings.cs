using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace YouTubeFeed.AppHost.Configuration;

/// <summary>
/// The one rule by which settings travel: each service's whole configuration section, as given to the AppHost
/// (command line, environment, appsettings, user secrets), reaches that service as environment variables
/// (<c>YouTube:Query</c> → <c>YouTube__Query</c>), except secrets (<see cref="SecretSettings.IsSecret"/>), which travel
/// as Aspire secret parameters (<see cref="SecretParameters"/>).
/// </summary>
internal static class ServiceSettings
{
    /// <summary>Which sections go to which service.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> SectionsByService = new Dictionary<string, string[]>
    {
        ["worker"] = ["YouTube", "Worker", "Enrichment", "Retention"],
        ["api"] = ["Api"],
        ["youtube-emulator"] = ["Emulator"],
    };

    /// <summary>Forwards the service's sections (<see cref="SectionsByService"/>), secrets left out.</summary>
    public static IResourceBuilder<T> WithServiceSettings<T>(this IResourceBuilder<T> resource, IConfiguration configuration)
        where T : IResourceWithEnvironment
    {
        var sections = SectionsByService[resource.Resource.Name];
        return resource.WithEnvironment(context =>
        {
            foreach (var (key, value) in Collect(configuration, sections))
            {
                context.EnvironmentVariables[ToEnvironmentName(key)] = value;
            }
        });
    }

    /// <summary>
    /// Sets <paramref name="key"/> for the service unless the AppHost's configuration gives it (then the forwarded
    /// value stands): the AppHost's own defaults, e.g. a large emulator quota.
    /// </summary>
    public static IResourceBuilder<T> WithDefaultSetting<T>(this IResourceBuilder<T> resource, IConfiguration configuration, string key, string value)
        where T : IResourceWithEnvironment =>
        configuration[key] is { Length: > 0 } ? resource : resource.WithEnvironment(ToEnvironmentName(key), value);

    /// <summary>Every setting under <paramref name="sections"/> that has a value and is not a secret, <c>:</c>-separated.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Collect(IConfiguration configuration, IEnumerable<string> sections) =>
        sections
            .SelectMany(section => configuration.GetSection(section).AsEnumerable())
            .Where(setting => setting.Value is not null && !SecretSettings.IsSecret(setting.Key))
            .Select(setting => new KeyValuePair<string, string>(setting.Key, setting.Value!))
            .DistinctBy(setting => setting.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary><c>YouTube:Projects:main</c> → <c>YouTube__Projects__main</c>, the form every .NET configuration reads back.</summary>
    public static string ToEnvironmentName(string key) => key.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal);
}
