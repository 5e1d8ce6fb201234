using System.Reflection;
using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace YouTubeFeed.Tests.Infrastructure;

/// <summary>Empty Aspire app builders for tests that start only some resources.</summary>
public static class TestAppHost
{
    // Create() looks for DCP (the orchestrator) in the build metadata of an assembly on the call stack, which
    // only an AppHost project has; this test assembly has none. The overload that takes the AppHost assembly
    // is internal, hence reflection. Only the AppHost's metadata is used: none of its Program runs.
    private static readonly Assembly s_appHostAssembly = Assembly.Load("YouTubeFeed.AppHost");

    private static readonly MethodInfo s_create = typeof(DistributedApplicationTestingBuilder).GetMethod(
            nameof(DistributedApplicationTestingBuilder.Create),
            BindingFlags.NonPublic | BindingFlags.Static,
            [typeof(string[]), typeof(Action<DistributedApplicationOptions, HostApplicationBuilderSettings>), typeof(Assembly)])
        ?? throw new InvalidOperationException(
            "DistributedApplicationTestingBuilder.Create(args, configure, appHostAssembly) is gone from Aspire.Hosting.Testing: " +
            "give YouTubeFeed.Tests DCP's build metadata and call DistributedApplicationTestingBuilder.Create() instead.");

    /// <summary>An empty builder, as <see cref="DistributedApplicationTestingBuilder.Create(string[])"/> gives.</summary>
    public static IDistributedApplicationTestingBuilder CreateBuilder()
    {
        Action<DistributedApplicationOptions, HostApplicationBuilderSettings> configure = (_, _) => { };
        try
        {
            var builder = (IDistributedApplicationTestingBuilder)s_create.Invoke(null, [Array.Empty<string>(), configure, s_appHostAssembly])!;
            builder.KeepLogs(capacity: 400);
            return builder;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    /// <summary>
    /// Keeps the app's last <paramref name="capacity"/> log lines at Information and above in a <see cref="TestLogs"/>
    /// service: the app host's own and, forwarded by Aspire's testing builder, each resource's console output.
    /// </summary>
    public static void KeepLogs(this IDistributedApplicationTestingBuilder builder, int capacity)
    {
        builder.Services.AddSingleton(_ => new TestLogs(LogLevel.Information, capacity));
        builder.Services.AddSingleton<ILoggerProvider>(services => services.GetRequiredService<TestLogs>());
    }

    /// <summary>
    /// A password parameter with a fixed random value. Tests never use the generated default: it would be
    /// saved to (and read from) the developer's AppHost user secrets.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddTestPassword(this IDistributedApplicationBuilder builder, string name, string? value = null) =>
        builder.AddParameter(name, value ?? NewPassword(), secret: true);

    public static string NewPassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.", 24);

    /// <summary>
    /// Builds an app, starts it and waits for <paramref name="ready"/>, all within <paramref name="timeout"/>. A start
    /// that fails is reported (resource states, last log lines, the exception), stopped, and tried once more with a
    /// new app (new ports and data directories): a fixture's one failed start would fail every test of its collection.
    /// A build that fails (a server not installed) is not tried again.
    /// </summary>
    public static async Task<DistributedApplication> StartAsync(
        Func<CancellationToken, Task<DistributedApplication>> build,
        Func<DistributedApplication, CancellationToken, Task> ready,
        IReadOnlyCollection<string> resourceNames,
        TimeSpan timeout)
    {
        const int attempts = 2;
        string? firstFailure = null;
        for (var attempt = 1; ; attempt++)
        {
            using var cancellation = new CancellationTokenSource(timeout);
            var app = await build(cancellation.Token);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                await app.StartAsync(cancellation.Token);
                await ready(app, cancellation.Token);
                return app;
            }
            catch (Exception ex)
            {
                var report = $"The app did not start ({ex.GetType().Name} after {clock.Elapsed.TotalSeconds:F0} s): {ex.Message}\n" +
                    DescribeResources(app, resourceNames) + $"--- exception:\n{ex}" + await StopAfterFailedStartAsync(app);
                if (attempt == attempts)
                {
                    throw new InvalidOperationException(
                        firstFailure is null ? report : $"{report}\n--- the start before, which failed too:\n{firstFailure}", ex);
                }

                firstFailure = report;
                TestContext.Current.SendDiagnosticMessage($"Start {attempt} of {attempts} failed; starting a new app.\n{report}");
            }
        }
    }

    /// <summary>Stops and disposes an app whose start failed; what went wrong doing so, for the report ("" when nothing did).</summary>
    private static async Task<string> StopAfterFailedStartAsync(DistributedApplication app)
    {
        try
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                await app.StopAsync(timeout.Token);
            }
            finally
            {
                await app.DisposeAsync();
            }

            return "";
        }
        catch (Exception ex)
        {
            // A start cancelled half-way can make the stop throw as well: that must not hide why the start failed.
            return $"\n--- stopping it then failed too: {ex.GetType().Name}: {ex.Message}";
        }
    }

    /// <summary>The state of each resource and the app's last log lines, for the message of a failed start.</summary>
    public static string DescribeResources(DistributedApplication app, IEnumerable<string> resourceNames)
    {
        var text = new System.Text.StringBuilder();
        foreach (var name in resourceNames)
        {
            var state = app.ResourceNotifications.TryGetCurrentState(name, out var resourceEvent)
                ? $"{resourceEvent.Snapshot.State?.Text} health={resourceEvent.Snapshot.HealthStatus?.ToString() ?? "-"} exitCode={resourceEvent.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}"
                : "unknown";
            text.AppendLine($"--- {name}: {state}");
        }

        text.AppendLine("--- last log lines:");
        foreach (var line in app.Services.GetService<TestLogs>()?.Lines.TakeLast(80) ?? [])
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }
}
