using System.Text.Json;
using System.Text.Json.Serialization;

namespace YouTubeFeed.Simulation.Scenarios;

/// <summary>
/// What a simulated day is made of: the queries (how many videos a day, their rhythm over the day, how many YouTube
/// lists late and how late), the Google Cloud projects and their keys. Read from a JSON file (see Scenarios/*.json).
/// </summary>
public sealed record Scenario
{
    public required string Name { get; init; }

    public required string Title { get; init; }

    /// <summary>Seed of every random choice (publish times, late delays, the emulator's oddities).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The first measured instant: a midnight Pacific time, when the quota resets.</summary>
    public DateTimeOffset Day { get; init; } = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Days simulated before the measured one, so that the planner has learned the queries' rhythm.</summary>
    public int WarmupDays { get; init; } = 1;

    /// <summary>How long the simulation goes on after the measured day, so that its last late videos can still be stored.</summary>
    public TimeSpan Tail { get; init; } = TimeSpan.FromHours(3);

    /// <summary>How much of the measured day to simulate (a test shortens it).</summary>
    public TimeSpan Length { get; init; } = TimeSpan.FromDays(1);

    public required IReadOnlyList<ScenarioQuery> Queries { get; init; }

    public required IReadOnlyList<ScenarioProject> Projects { get; init; }

    /// <summary>What the planner must achieve on this scenario (issue 16's targets).</summary>
    public ScenarioTargets Targets { get; init; } = new();

    public int CallsPerDay => Projects.Sum(p => p.CallsPerDay);

    public DateTimeOffset Start => Day - TimeSpan.FromDays(WarmupDays);

    public DateTimeOffset DayEnd => Day + Length;

    public DateTimeOffset End => DayEnd + Tail;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static Scenario Load(string path)
    {
        var scenario = JsonSerializer.Deserialize<Scenario>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} holds no scenario.");
        if (scenario.Queries.Count == 0 || scenario.Projects.Count == 0)
        {
            throw new InvalidDataException($"{path}: a scenario needs at least one query and one project.");
        }

        return scenario;
    }
}

public enum Rhythm
{
    /// <summary>The same rate all day.</summary>
    Flat,

    /// <summary>Busy afternoons and evenings, quiet nights (Pacific time): 1.6× the mean at 15:00, 0.4× at 03:00.</summary>
    DayNight,
}

/// <param name="LateShare">The share of videos YouTube lists late.</param>
/// <param name="LateMinutes">How late, in minutes: uniform between the two.</param>
public sealed record ScenarioQuery(string Query, int VideosPerDay, Rhythm Rhythm = Rhythm.Flat, double LateShare = 0, int[]? LateMinutes = null)
{
    /// <summary>Videos per hour at <paramref name="instant"/>; the mean over a day is VideosPerDay / 24.</summary>
    public double RateAt(DateTimeOffset instant)
    {
        var mean = VideosPerDay / 24.0;
        if (Rhythm == Rhythm.Flat)
        {
            return mean;
        }

        var pacific = TimeZoneInfo.ConvertTime(instant, PacificZone).TimeOfDay.TotalHours;
        return mean * (1 + (0.6 * Math.Cos(2 * Math.PI * (pacific - 15) / 24)));
    }

    public static readonly TimeZoneInfo PacificZone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
}

/// <param name="Keys">How many API keys of the project the Worker is given (they share its one bucket).</param>
public sealed record ScenarioProject(string Name, int Keys = 1, int CallsPerDay = 100)
{
    public IReadOnlyList<string> KeyValues => Enumerable.Range(1, Keys).Select(i => $"sim-{Name}-key-{i}").ToList();
}

/// <param name="MinShare">Share of the day's videos stored, all queries together.</param>
/// <param name="P50Minutes">Listed-to-stored latency, median.</param>
/// <param name="P95Minutes">Listed-to-stored latency, 95th percentile.</param>
/// <param name="MaxRefusedForQuota">Calls YouTube refused as over quota.</param>
/// <param name="WholeQueries">Queries every video of which must be stored.</param>
/// <param name="Busiest">The query that 100 calls cannot hold: its share is held against what the calls can hold.</param>
/// <param name="BusiestTolerance">How far below that bound its stored share may be (0.05: within 5 %).</param>
/// <param name="MaxDarkMinutes">Minutes before the reset without quota.</param>
/// <param name="BetterThan">A scenario whose planner figures this one must beat on every figure.</param>
public sealed record ScenarioTargets(
    double? MinShare = null,
    double? P50Minutes = null,
    double? P95Minutes = null,
    int? MaxRefusedForQuota = null,
    IReadOnlyList<string>? WholeQueries = null,
    string? Busiest = null,
    double BusiestTolerance = 0.05,
    double? MaxDarkMinutes = null,
    string? BetterThan = null);
