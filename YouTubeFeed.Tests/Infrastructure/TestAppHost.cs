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
            builder.Services.AddSingleton(_ => new TestLogs(LogLevel.Information, capacity: 400));
            builder.Services.AddSingleton<ILoggerProvider>(services => services.GetRequiredService<TestLogs>());
            return builder;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    /// <summary>
    /// A password parameter with a fixed random value. Tests never use the generated default: it would be
    /// saved to (and read from) the developer's AppHost user secrets.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddTestPassword(this IDistributedApplicationBuilder builder, string name, string? value = null) =>
        builder.AddParameter(name, value ?? NewPassword(), secret: true);

    public static string NewPassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.", 24);

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
        foreach (var line in app.Services.GetRequiredService<TestLogs>().Lines.TakeLast(80))
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }
}
