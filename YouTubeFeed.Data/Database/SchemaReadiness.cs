namespace YouTubeFeed.Data.Database;

/// <summary>Tells whether the migrations have been applied in this process's view, and lets others wait for it.</summary>
public sealed class SchemaReadiness
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => ready.Task.IsCompleted;

    /// <summary>Why the last attempt to migrate failed, while the schema is not ready.</summary>
    public string? LastError { get; internal set; }

    public Task WaitAsync(CancellationToken cancellationToken) => ready.Task.WaitAsync(cancellationToken);

    internal void MarkReady() => ready.TrySetResult();
}
