using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using YouTubeFeed.Worker;
using YouTubeFeed.Worker.Ingestion;

namespace YouTubeFeed.Tests.Ingestion;

/// <summary>
/// Configuration that cannot work stops the Worker at start with a message that names the setting, instead of a
/// Worker that runs and never stores anything (issue 15). The Worker is composed as Program.cs does it
/// (<see cref="WorkerApp.Build"/>); validation runs before any hosted service, so no database is reached.
/// </summary>
public sealed class StartupValidationTests
{
    private const string GoodKeys = "start-key-1";

    [Fact]
    public async Task A_query_longer_than_200_characters_fails_at_start_naming_YouTube_Query()
    {
        var query = new string('q', 201);

        var message = await StartFailureAsync(("YouTube:Query", "football," + query));

        Assert.Contains("YouTube:Query", message, StringComparison.Ordinal);
        Assert.Contains("201 characters", message, StringComparison.Ordinal);
        Assert.Contains("200", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_of_exactly_200_characters_is_accepted()
    {
        await using var app = Build(("YouTube:Query", "football, " + new string('q', 200)));

        // The same validation the start runs, without starting the loops against a database that is not there.
        var options = app.Services.GetRequiredService<IOptions<IngestionOptions>>().Value;

        Assert.Equal(["football", new string('q', 200)], options.Queries);
    }

    [Theory]
    [InlineData(" , ")]
    [InlineData(",")]
    [InlineData("   ")]
    public async Task A_query_setting_that_names_no_query_fails_at_start_naming_YouTube_Query(string query)
    {
        var message = await StartFailureAsync(("YouTube:Query", query));

        Assert.Contains("YouTube:Query names no search query", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_listed_in_two_projects_fails_at_start_naming_both_projects_and_only_the_key_fingerprint()
    {
        const string shared = "shared-secret-key-0001";

        var message = await StartFailureAsync(
            ("YouTube:ApiKeys", ""),
            ("YouTube:Projects:alpha", "alpha-only-key," + shared),
            ("YouTube:Projects:beta", shared));

        Assert.Contains("YouTube:Projects", message, StringComparison.Ordinal);
        Assert.Contains("'alpha'", message, StringComparison.Ordinal);
        Assert.Contains("'beta'", message, StringComparison.Ordinal);
        Assert.Contains(KeyFingerprint.Of(shared), message, StringComparison.Ordinal);
        Assert.DoesNotContain(shared, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_late_sweep_interval_longer_than_the_late_window_fails_at_start_naming_both_settings()
    {
        var message = await StartFailureAsync(("YouTube:LateWindow", "01:00:00"), ("YouTube:LateSweepEvery", "02:00:00"));

        Assert.Contains("YouTube:LateSweepEvery", message, StringComparison.Ordinal);
        Assert.Contains("YouTube:LateWindow", message, StringComparison.Ordinal);
    }

    private static WebApplication Build(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string>
        {
            // Never reached: validation fails before the migrator or the loop start.
            ["ConnectionStrings:youtubedb"] = "Server=127.0.0.1;Port=9;User ID=nobody;Password=none;Database=youtubedb",
            ["ConnectionStrings:cache"] = "127.0.0.1:9,abortConnect=false",
            ["YouTube:ApiKeys"] = GoodKeys,
            ["YouTube:BaseUrl"] = "http://127.0.0.1:9/youtube/v3/",
            ["urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return WorkerApp.Build(new WebApplicationOptions
        {
            Args = values.Select(v => $"--{v.Key}={v.Value}").ToArray(),
            EnvironmentName = "Production",
        });
    }

    /// <summary>Starts the Worker and returns the message of the <see cref="OptionsValidationException"/> it must throw.</summary>
    private static async Task<string> StartFailureAsync(params (string Key, string Value)[] settings)
    {
        await using var app = Build(settings);
        var thrown = await Record.ExceptionAsync(() => app.StartAsync(TestContext.Current.CancellationToken));
        var validation = thrown switch
        {
            OptionsValidationException single => [single],
            AggregateException many => many.Flatten().InnerExceptions.OfType<OptionsValidationException>().ToList(),
            _ => [],
        };
        Assert.True(validation.Count > 0, $"expected an OptionsValidationException at start, got {thrown?.GetType().Name ?? "none"}: {thrown?.Message}");
        var message = string.Join(" | ", validation.Select(v => v.Message));
        TestContext.Current.SendDiagnosticMessage($"start failed: {message}");
        return message;
    }
}
