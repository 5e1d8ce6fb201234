using Microsoft.Extensions.Hosting;

namespace YouTubeFeed.Hosting.Local;

/// <summary>Cancelled when the app stops or when its services are disposed.</summary>
/// <remarks>
/// ApplicationStopping alone is not enough: a host that is disposed without being stopped (as tests often do)
/// never signals it, and a background loop would then outlive the app.
/// </remarks>
internal sealed class AppShutdown(IHostApplicationLifetime lifetime) : IDisposable
{
    private readonly CancellationTokenSource _cancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);

    public CancellationToken Token => _cancellation.Token;

    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
    }
}
