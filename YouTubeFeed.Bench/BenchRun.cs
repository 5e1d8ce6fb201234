namespace YouTubeFeed.Bench;

/// <summary>Everything one run measured; one object per run in bench-results.json.</summary>
public sealed record BenchRun
{
    public required string Date { get; init; }
    public required MachineInfo Machine { get; init; }
    public required long Videos { get; init; }
    public required int SecondsPerWrkRun { get; init; }
    public required int Connections { get; init; }
    public required int LatencyConnections { get; init; }
    public required IReadOnlyList<string> MariaDbSettings { get; init; }
    public required string Commit { get; init; }
    public required DatasetInfo Dataset { get; init; }
    public required SeedFigure Seed { get; init; }
    public required Dictionary<string, IngestFigure> Ingest { get; init; }
    public required Dictionary<string, HttpFigure> Http { get; init; }
    public required CursorWalkSummary CursorWalk { get; init; }
    public required MemoryFigure Memory { get; init; }
    public required Dictionary<string, double> Ratios { get; init; }
    public required List<TargetResult> Targets { get; init; }
    public required List<QueryDiagnostic> Diagnostics { get; init; }

    /// <summary>What each benchmark search answered (items, whether it stopped at its walk budget).</summary>
    public required Dictionary<string, SearchAnswer> Searches { get; init; }

    /// <summary>The filtered listings measured (issue 20): how many videos each lists and the pages measured.</summary>
    public IReadOnlyList<FilteredListing> Filtered { get; init; } = [];

    /// <summary>Where the run's time went, phase by phase, in seconds.</summary>
    public required Dictionary<string, double> PhaseSeconds { get; init; }
    public required List<string> Notes { get; init; }
    public double TotalSeconds { get; set; }
}

public sealed record MachineInfo(string Cpu, int Cores, double MemoryGb, string Os, string Runtime);

public sealed record DatasetInfo(
    long Videos, long VideoTermRowsEstimate, double TermRowsPerVideo, double VideosTableMb, double VideoTermsTableMb, double AllTablesMb,
    long TwoWordMatches, double TwoWordMatchPercent, int Channels, string TwoWordQuery, string PrefixQuery, string NoMatchQuery,
    string DisjointQuery, long GetDataPages100, IReadOnlyList<long> DeepPages);

public sealed record CursorWalkSummary(long Pages, long Videos, double Seconds, double PageP50Ms, double PageP99Ms);

public sealed record MemoryFigure(double ApiWorkingSetMb, double ApiPeakWorkingSetMb, double LimitMb);

public sealed record TargetResult(string Name, string Measure, double Value, string Comparison, double Threshold, bool Met, string Reason);

public sealed record FilteredListing(string Name, string Label, long Videos, long Pages, IReadOnlyList<long> DeepPages, double WalkPageP50Ms, double WalkPageP99Ms);

public sealed record SearchAnswer(string Label, int Items, bool Partial, bool HasNextCursor);

public sealed record CandidatesContext(string Date, MachineInfo Machine, string Commit, IReadOnlyList<string> MariaDbSettings, string LoadAverage, double Minutes);

public sealed record CandidatesRecord(string Kind, CandidatesContext Context, CandidatesRun Run);
