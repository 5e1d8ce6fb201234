using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace YouTubeFeed.Hosting.Local;

/// <summary>Gives a child resource (a database) the state of its executable parent (the server).</summary>
/// <remarks>
/// Aspire does this for a container's children only. Without it a database would never be "Running", so its
/// health check would never run and <c>WaitFor(database)</c> would wait forever.
/// </remarks>
internal static class ParentStateMirror
{
    internal static void Start(IResource child, IResource parent, ResourceNotificationService notifications, IServiceProvider services)
    {
        var shutdown = services.GetRequiredService<AppShutdown>().Token;
        _ = Task.Run(() => MirrorAsync(child, parent, notifications, shutdown), shutdown);
    }

    private static async Task MirrorAsync(IResource child, IResource parent, ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        (string? State, DateTime? Started, DateTime? Stopped) last = default;
        try
        {
            await foreach (var update in notifications.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                var snapshot = update.Snapshot;
                var current = (snapshot.State?.Text, snapshot.StartTimeStamp, snapshot.StopTimeStamp);

                // Health reports change the parent every few seconds; only a new state is passed on.
                if (update.Resource != parent || current == last)
                {
                    continue;
                }

                last = current;
                await notifications.PublishUpdateAsync(child, s => s with
                {
                    State = snapshot.State,
                    StartTimeStamp = snapshot.StartTimeStamp,
                    StopTimeStamp = snapshot.StopTimeStamp,
                }).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
