namespace YouTubeFeed.YouTubeEmulator.Faults;

/// <summary>Faults waiting for the calls they match; each is spent after its count of calls.</summary>
internal sealed class FaultQueue
{
    private readonly Lock gate = new();
    private readonly List<PendingFault> pending = [];

    public void Enqueue(Fault fault)
    {
        lock (gate)
        {
            pending.Add(new PendingFault(fault) { Remaining = fault.Count });
        }
    }

    /// <summary>The oldest fault of the wanted kinds that matches the call, used up by one.</summary>
    public Fault? TryTake(FaultTarget call, Func<FaultKind, bool> wanted)
    {
        lock (gate)
        {
            var match = pending.Find(candidate => wanted(candidate.Fault.Kind) && candidate.Fault.Matches(call));
            if (match is null)
            {
                return null;
            }

            if (--match.Remaining == 0)
            {
                pending.Remove(match);
            }

            return match.Fault;
        }
    }

    /// <summary>Pending faults, with the calls each still has to hit as its count.</summary>
    public IReadOnlyList<Fault> Pending()
    {
        lock (gate)
        {
            return pending.Select(entry => entry.Fault with { Count = entry.Remaining }).ToArray();
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            pending.Clear();
        }
    }

    private sealed class PendingFault(Fault fault)
    {
        public Fault Fault { get; } = fault;
        public int Remaining { get; set; }
    }
}
