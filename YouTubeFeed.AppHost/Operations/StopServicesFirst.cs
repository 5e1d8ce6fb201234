using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace YouTubeFeed.AppHost.Operations;

/// <summary>
/// On Ctrl+C or SIGTERM, stops the projects (Worker, Api, emulator) before anything else, while MySQL, Redis and the
/// dashboard still run, then the servers (MySQL, Redis); DCP then stops the dashboard and itself.
/// </summary>
/// <remarks>
/// Left to DCP, every process is stopped at once: the dashboard goes first, and each service then spends up to 10 s
/// retrying its last telemetry export to it, while the Worker cannot reach MySQL to release its fetch lease. Stopped
/// first, a service ends in well under a second, its lease released and its telemetry delivered.
/// </remarks>
internal sealed class StopServicesFirst(
    DistributedApplicationModel model,
    ResourceCommandService commands,
    ResourceNotificationService notifications,
    ILogger<StopServicesFirst> logger) : IHostedLifecycleService
{
    /// <summary>How long the services get; then the servers are stopped anyway.</summary>
    private static readonly TimeSpan s_servicesBudget = TimeSpan.FromSeconds(5);

    /// <summary>How long the servers get; then DCP stops whatever still runs.</summary>
    private static readonly TimeSpan s_serversBudget = TimeSpan.FromSeconds(3);

    public static void Register(IDistributedApplicationBuilder builder) =>
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StopServicesFirst>());

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await StopAllAsync(model.Resources.OfType<ProjectResource>(), s_servicesBudget, cancellationToken);

        // Then the servers, before DCP's own teardown (which would start with the dashboard); the dashboard goes last.
        await StopAllAsync(
            model.Resources.Where(r => r is ExecutableResource or ContainerResource && r is not ProjectResource && r.Name != "aspire-dashboard"),
            s_serversBudget,
            cancellationToken);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private bool IsRunning(string name) =>
        notifications.TryGetCurrentState(name, out var state)
        && state.Snapshot.State?.Text is { } text
        && !KnownResourceStates.TerminalStates.Contains(text)
        && text != KnownResourceStates.NotStarted
        && text != KnownResourceStates.Waiting;

    private async Task StopAllAsync(IEnumerable<IResource> resources, TimeSpan budget, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        var running = resources.Select(resource => resource.Name).Where(IsRunning).ToList();
        try
        {
            await Task.WhenAll(running.Select(name => StopAsync(name, timeout.Token)));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            logger.LogWarning("Not all of {Resources} stopped within {Budget}; DCP stops the rest.", string.Join(", ", running), budget);
        }
    }

    private async Task StopAsync(string name, CancellationToken cancellationToken)
    {
        // The process's end is seen at once in its state; the command itself polls DCP for up to a second longer.
        var stopped = notifications.WaitForResourceAsync(name, KnownResourceStates.TerminalStates, cancellationToken);
        var command = commands.ExecuteCommandAsync(name, KnownResourceCommands.StopCommand, cancellationToken);
        if (await Task.WhenAny(stopped, command) == command && !(await command).Success)
        {
            logger.LogDebug("Stopping {Resource} first did not work: {Message}", name, (await command).Message);
            return;
        }

        await stopped;
        _ = command.ContinueWith(static task => task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
