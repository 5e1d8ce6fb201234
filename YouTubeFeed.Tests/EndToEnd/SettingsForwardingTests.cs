using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.EndToEnd;

/// <summary>
/// The AppHost's one rule for settings: every documented setting given to it (the README's configuration table and
/// every property of the services' options classes) reaches its service, as an environment variable of the same
/// name, or, for a secret, as a secret parameter holding the same value. Checked on the built application model.
/// </summary>
public sealed partial class SettingsForwardingTests
{
    /// <summary>Which service reads which section (the emulator's only when it runs, i.e. without keys).</summary>
    private static readonly Dictionary<string, string> s_serviceBySection = new(StringComparer.OrdinalIgnoreCase)
    {
        ["YouTube"] = "worker",
        ["Worker"] = "worker",
        ["Enrichment"] = "worker",
        ["Retention"] = "worker",
        ["Api"] = "api",
        ["Emulator"] = "youtube-emulator",
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void The_documented_settings_are_found()
    {
        var documented = DocumentedSettings();
        // The table and the options classes both still say what the services read.
        Assert.Contains("YouTube:Query", documented.Keys);
        Assert.Contains("YouTube:Projects:main", documented.Keys);
        Assert.Contains("YouTube:LateSweepEvery", documented.Keys);
        Assert.Contains("Api:RateLimitWindow", documented.Keys);
        Assert.Contains("Api:CursorSigningKey", documented.Keys);
        Assert.Contains("Emulator:DailyUnitsPerProject", documented.Keys);
        Assert.Contains("Emulator:Projects:main", documented.Keys);
        Assert.True(documented.Count > 40, $"{documented.Count} settings");
    }

    [Fact]
    public async Task Every_worker_and_api_setting_reaches_its_service_and_secrets_travel_as_secret_parameters()
    {
        var given = DocumentedSettings().Where(s => !s.Key.StartsWith("Emulator:", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(s => s.Key, s => s.Value);
        var environments = await EnvironmentsAsync(given);

        Assert.DoesNotContain("youtube-emulator", environments.Keys); // keys are given: the real API
        AssertReached(given, environments);
    }

    [Fact]
    public async Task Every_emulator_setting_reaches_the_emulator()
    {
        var given = DocumentedSettings().Where(s => s.Key.StartsWith("Emulator:", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(s => s.Key, s => s.Value);
        var environments = await EnvironmentsAsync(given);

        AssertReached(given, environments);
        // The Worker's belief about the quota follows the emulator's unless it is given.
        Assert.Equal(given["Emulator:DailyUnitsPerKey"], environments["worker"]["YouTube__DailyQuotaUnits"]);
    }

    [Theory]
    [InlineData("YouTube:ApiKeys")]
    [InlineData("YOUTUBE_API_KEYS")]
    [InlineData("Parameters:youtube-api-keys")]
    public async Task Each_name_of_the_api_keys_gives_the_worker_the_keys_as_a_secret(string name)
    {
        const string keys = "test-key-one,test-key-two";
        var environments = await EnvironmentsAsync(new Dictionary<string, string> { [name] = keys });

        Assert.DoesNotContain("youtube-emulator", environments.Keys);
        var secret = Assert.IsType<ParameterResource>(environments["worker"]["YouTube__ApiKeys"], exactMatch: false);
        Assert.True(secret.Secret);
        Assert.Equal(keys, await secret.GetValueAsync(Cancel));
        Assert.Equal("https://www.googleapis.com/youtube/v3/", environments["worker"]["YouTube__BaseUrl"]);
    }

    [Fact]
    public async Task Without_settings_the_emulator_runs_with_a_large_quota_and_the_cursor_key_and_operator_token_are_generated_secrets()
    {
        var environments = await EnvironmentsAsync([]);

        Assert.Equal("100000000", environments["youtube-emulator"]["Emulator__DailyUnitsPerProject"]);
        Assert.Equal("100000000", environments["worker"]["YouTube__DailyQuotaUnits"]);
        Assert.Equal("emulator-key", environments["worker"]["YouTube__ApiKeys"]);
        Assert.IsType<ReferenceExpression>(environments["worker"]["YouTube__BaseUrl"]);
        foreach (var (service, name) in new[] { ("api", "Api__CursorSigningKey"), ("worker", "Worker__OperatorToken") })
        {
            var secret = Assert.IsType<ParameterResource>(environments[service][name], exactMatch: false);
            Assert.True(secret.Secret);
            Assert.True((await secret.GetValueAsync(Cancel))!.Length >= 32);
        }

        Assert.DoesNotContain("Api__CursorSigningKeyPrevious", environments["api"].Keys);
    }

    [Fact]
    public async Task Each_service_connects_as_its_own_user_and_only_the_migration_step_as_the_owner()
    {
        var builder = await CreateBuilderAsync([]);
        await using var app = await builder.BuildAsync(Cancel);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var environments = await EnvironmentsAsync(app);

        var users = new Dictionary<string, string> { ["worker"] = "youtubefeed_worker", ["api"] = "youtubefeed_api" };
        foreach (var (service, user) in users)
        {
            // The connection string of the service's own user, not the database's (root's).
            var reference = Assert.IsType<ConnectionStringReference>(environments[service]["ConnectionStrings__youtubedb"]);
            Assert.Equal($"youtubedb-{service}", reference.Resource.Name);
            var expression = reference.Resource.ConnectionStringExpression.ValueExpression;
            Assert.Contains($"User ID={user};", expression, StringComparison.Ordinal);
            Assert.DoesNotContain("root", expression, StringComparison.Ordinal);
            Assert.DoesNotContain("mysql-password", expression, StringComparison.Ordinal);
            Assert.DoesNotContain(environments[service].Keys, key => key.Contains("owner", StringComparison.OrdinalIgnoreCase));

            var waits = model.Resources.Single(r => r.Name == service).Annotations.OfType<WaitAnnotation>().ToList();
            Assert.Contains(waits, w => w.Resource.Name == "youtubedb-migrations" && w.WaitType == WaitType.WaitForCompletion);
            Assert.Contains(waits, w => w.Resource.Name == $"youtubedb-{service}");
        }

        var owner = Assert.IsType<YouTubeFeed.Hosting.MySqlUserResource>(model.Resources.Single(r => r.Name == "youtubedb-owner"));
        Assert.Equal(YouTubeFeed.Hosting.DatabaseAccess.Owner, owner.Access);
        Assert.Equal(YouTubeFeed.Hosting.DatabaseAccess.ReadWrite, ((YouTubeFeed.Hosting.MySqlUserResource)model.Resources.Single(r => r.Name == "youtubedb-worker")).Access);
        Assert.Equal(YouTubeFeed.Hosting.DatabaseAccess.ReadOnly, ((YouTubeFeed.Hosting.MySqlUserResource)model.Resources.Single(r => r.Name == "youtubedb-api")).Access);
    }

    private static void AssertReached(Dictionary<string, string> given, Dictionary<string, Dictionary<string, object>> environments)
    {
        var missing = new List<string>();
        foreach (var (key, value) in given)
        {
            var service = s_serviceBySection[key.Split(':')[0]];
            var name = key.Replace(":", "__", StringComparison.Ordinal);
            if (!environments[service].TryGetValue(name, out var raw))
            {
                missing.Add($"{key} → {service}: not there");
            }
            else if (SecretSettings.IsSecret(key))
            {
                if (raw is not ParameterResource { Secret: true } parameter || parameter.GetValueAsync(Cancel).AsTask().GetAwaiter().GetResult() != value)
                {
                    missing.Add($"{key} → {service}: not the secret parameter with the given value ({raw.GetType().Name})");
                }
            }
            else if (raw is not string text || text != value)
            {
                missing.Add($"{key} → {service}: {raw} instead of {value}");
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));

        // No secret value is ever a plain environment value, anywhere.
        var secrets = given.Where(s => SecretSettings.IsSecret(s.Key)).Select(s => s.Value).ToList();
        foreach (var (service, environment) in environments)
        {
            Assert.DoesNotContain(environment, e => e.Value is string text && secrets.Any(secret => text.Contains(secret, StringComparison.Ordinal)));
        }
    }

    /// <summary>
    /// Every setting the services document, with a value of its type that no default has: the README's configuration
    /// table and the public settable properties of every options class bound from a forwarded section.
    /// </summary>
    private static Dictionary<string, string> DocumentedSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in new[] { typeof(YouTubeFeed.Worker.WorkerApp), typeof(YouTubeFeed.Api.ApiOptions), typeof(YouTubeFeed.YouTubeEmulator.EmulatorOptions) }.SelectMany(t => t.Assembly.GetTypes()))
        {
            var section = type.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string
                ?? type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string;
            if (!type.Name.EndsWith("Options", StringComparison.Ordinal) || section is null || !s_serviceBySection.ContainsKey(section))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
            {
                var key = $"{section}:{property.Name}";
                if (property.PropertyType.IsAssignableTo(typeof(IDictionary<string, string>)))
                {
                    settings[key + ":main"] = $"k-{property.Name}-main-1,k-{property.Name}-main-2";
                }
                else
                {
                    settings[key] = SampleValue(key, Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);
                }
            }
        }

        foreach (var key in ReadmeSettings())
        {
            settings.TryAdd(key, $"value-of-{key.Replace(':', '-')}");
        }

        return settings;
    }

    private static string SampleValue(string key, Type type) => type switch
    {
        _ when type == typeof(string) => $"value-of-{key.Replace(':', '-')}",
        _ when type == typeof(int) || type == typeof(long) => "7",
        _ when type == typeof(double) => "0.25",
        _ when type == typeof(bool) => "true",
        _ when type == typeof(TimeSpan) => "00:00:07",
        _ when type == typeof(Uri) => "https://youtube.example.test/v3/",
        _ => throw new InvalidOperationException($"{key}: give the test a sample value for {type.Name}"),
    };

    /// <summary>The keys of the README's configuration table that belong to a forwarded section (<c>__</c> read as <c>:</c>).</summary>
    private static IEnumerable<string> ReadmeSettings()
    {
        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));
        var start = readme.IndexOf("## Configuration", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        foreach (var line in readme[start..end].Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var firstCell = line.Split('|')[1];
            foreach (Match match in TableKey().Matches(firstCell))
            {
                var key = match.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal).Replace("<name>", "main", StringComparison.Ordinal);
                if (s_serviceBySection.ContainsKey(key.Split(':')[0]))
                {
                    yield return key;
                }
            }
        }
    }

    private static async Task<IDistributedApplicationTestingBuilder> CreateBuilderAsync(IEnumerable<KeyValuePair<string, string>> settings) =>
        await UnstartedAppHost.CreateBuilderAsync(
            ["Backends:Mode=local", "Backends:Ephemeral=true", .. settings.Select(s => $"{s.Key}={s.Value}")], Cancel);

    private static async Task<Dictionary<string, Dictionary<string, object>>> EnvironmentsAsync(IEnumerable<KeyValuePair<string, string>> settings)
    {
        var builder = await CreateBuilderAsync(settings);
        await using var app = await builder.BuildAsync(Cancel);
        return await EnvironmentsAsync(app);
    }

    /// <summary>What each project would be started with, unevaluated: a string, or the parameter or expression behind it.</summary>
    private static async Task<Dictionary<string, Dictionary<string, object>>> EnvironmentsAsync(DistributedApplication app)
    {
        var executionContext = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
        var environments = new Dictionary<string, Dictionary<string, object>>();
        foreach (var project in app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>())
        {
            var context = new EnvironmentCallbackContext(executionContext, project, [], Cancel);
            foreach (var callback in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
            {
                await callback.Callback(context);
            }

            environments[project.Name] = context.EnvironmentVariables;
        }

        return environments;
    }

    [GeneratedRegex(@"`([A-Za-z_][A-Za-z0-9_<>]*)`")]
    private static partial Regex TableKey();
}
