using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace YouTubeFeed.Hosting.Local;

/// <summary>
/// After the app stops: makes sure no local server outlives it, then deletes the servers' runtime directories
/// (and with them temporary data).
/// </summary>
/// <remarks>
/// DCP normally stops the processes itself. This is the safety net for the cases it does not cover in time:
/// a host that is disposed without being stopped (this service is then disposed before DCP's), or a slow stop.
/// </remarks>
internal sealed class LocalServerCleanupService(DistributedApplicationModel model, ILogger<LocalServerCleanupService> logger)
    : IHostedLifecycleService, IAsyncDisposable
{
    // After a normal stop DCP has already sent SIGTERM; give the servers time to finish on their own.
    private static readonly TimeSpan s_graceAfterStop = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_termTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_killTimeout = TimeSpan.FromSeconds(5);

    private int _done;

    internal static void Register(IDistributedApplicationBuilder builder) =>
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LocalServerCleanupService>());

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Runs after every hosted service, DCP's orchestrator included, has stopped.
    public Task StoppedAsync(CancellationToken cancellationToken) => CleanUpAsync(s_graceAfterStop);

    public async ValueTask DisposeAsync() => await CleanUpAsync(TimeSpan.Zero).ConfigureAwait(false);

    private async Task CleanUpAsync(TimeSpan grace)
    {
        if (Interlocked.Exchange(ref _done, 1) == 1)
        {
            return;
        }

        await Task.WhenAll(model.Resources.OfType<ILocalServerResource>().Select(server => CleanUpAsync(server, grace))).ConfigureAwait(false);
    }

    private async Task CleanUpAsync(ILocalServerResource server, TimeSpan grace)
    {
        try
        {
            await StopProcessesAsync(server.RuntimeDirectory, grace).ConfigureAwait(false);
            if (Directory.Exists(server.RuntimeDirectory))
            {
                Directory.Delete(server.RuntimeDirectory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Could not clean up {Directory}.", server.RuntimeDirectory);
        }
    }

    private async Task StopProcessesAsync(string directory, TimeSpan grace)
    {
        var pids = ProcessTable.FindUsingDirectory(directory);
        if (pids.Count == 0 || await WaitForExitAsync(pids, directory, grace).ConfigureAwait(false))
        {
            return;
        }

        logger.LogWarning("Stopping leftover server processes {Pids} that use {Directory}.", pids, directory);
        Signal(pids, directory, ProcessTable.SigTerm);
        if (!await WaitForExitAsync(pids, directory, s_termTimeout).ConfigureAwait(false))
        {
            Signal(pids, directory, ProcessTable.SigKill);
            await WaitForExitAsync(pids, directory, s_killTimeout).ConfigureAwait(false);
        }
    }

    // Signals only processes that still name the directory, so a reused PID is never hit.
    private static void Signal(IEnumerable<int> pids, string directory, int signal)
    {
        foreach (var pid in pids.Where(pid => ProcessTable.IsRunning(pid, directory)))
        {
            ProcessTable.Signal(pid, signal);
        }
    }

    private static async Task<bool> WaitForExitAsync(IReadOnlyList<int> pids, string directory, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (pids.Any(pid => ProcessTable.IsRunning(pid, directory)))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        return true;
    }
}
