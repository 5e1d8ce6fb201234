namespace YouTubeFeed.Simulation.Policies;

/// <summary>A way to spend the quota: asked every 10 simulated seconds to do what is due.</summary>
internal interface IPolicy : IAsyncDisposable
{
    string Name { get; }

    /// <summary>One tick at the clock's current time; true when it may have stored new videos.</summary>
    Task<bool> TickAsync(CancellationToken cancellationToken);
}
