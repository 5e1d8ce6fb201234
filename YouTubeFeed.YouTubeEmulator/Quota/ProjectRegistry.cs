using Microsoft.Extensions.Options;

namespace YouTubeFeed.YouTubeEmulator.Quota;

/// <summary>
/// Google Cloud projects and their API keys. Quota belongs to a project: every key of a project draws on the
/// project's buckets of daily units (one for search.list, one for every other method), which reset at midnight
/// Pacific time. A key that no project names is a project of its own, named after the key's fingerprint.
/// </summary>
internal sealed class ProjectRegistry
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, KeyState> keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProjectState> projects = new(StringComparer.Ordinal);
    private readonly EmulatorOptions options;
    private readonly QuotaClock clock;
    private readonly TimeProvider time;

    public ProjectRegistry(IOptions<EmulatorOptions> options, QuotaClock clock, TimeProvider time)
    {
        this.options = options.Value;
        this.clock = clock;
        this.time = time;
        ResetToConfigured();
    }

    /// <summary>Whether the key may call, and its project. Charges nothing.</summary>
    public KeyCheck Check(string key)
    {
        lock (gate)
        {
            if (!keys.TryGetValue(key, out var state))
            {
                if (options.RejectUnknownKeys)
                {
                    return new KeyCheck(KeyAccess.Invalid, null);
                }

                state = AddOwnProject(key, options.DailyUnitsOfOneKeyProject);
            }

            var access = state.Invalid ? KeyAccess.Invalid
                : state.Expired ? KeyAccess.Expired
                : !IsEnabled(projects[state.Project]) ? KeyAccess.ApiDisabled
                : KeyAccess.Usable;
            return new KeyCheck(access, state.Project);
        }
    }

    /// <summary>Charges one call to the project's bucket, unless that would exceed the bucket's daily units.</summary>
    public ChargeOutcome TryCharge(string project, QuotaBucket bucket = QuotaBucket.Search)
    {
        lock (gate)
        {
            var state = projects[project];
            RollOver(state);
            if (bucket == QuotaBucket.General)
            {
                if ((long)state.GeneralSpent + options.VideosUnitsPerCall > state.GeneralDailyUnits)
                {
                    return ChargeOutcome.QuotaExceeded;
                }

                state.GeneralSpent += options.VideosUnitsPerCall;
                return ChargeOutcome.Charged;
            }

            if ((long)state.Spent + options.UnitsPerCall > state.DailyUnits)
            {
                return ChargeOutcome.QuotaExceeded;
            }

            state.Spent += options.UnitsPerCall;
            return ChargeOutcome.Charged;
        }
    }

    /// <param name="dailyUnits">The units of the key's project.</param>
    public KeyStatus UpsertKey(string key, int? dailyUnits, bool? invalid, bool? expired)
    {
        lock (gate)
        {
            if (!keys.TryGetValue(key, out var state))
            {
                state = AddOwnProject(key, options.DailyUnitsOfOneKeyProject);
            }

            var project = projects[state.Project];
            RollOver(project);
            project.DailyUnits = dailyUnits ?? project.DailyUnits;
            state.Invalid = invalid ?? state.Invalid;
            state.Expired = expired ?? state.Expired;
            return DescribeKey(key, state);
        }
    }

    /// <param name="keyList">When given, exactly the project's keys; a key taken out becomes a project of its own.</param>
    /// <param name="dailyUnits">Of the search bucket.</param>
    /// <param name="generalDailyUnits">Of the general bucket.</param>
    /// <param name="apiEnabled">When given without <paramref name="enableAt"/>, also cancels a pending enableAt.</param>
    public ProjectStatus UpsertProject(
        string name,
        IReadOnlyList<string>? keyList,
        int? dailyUnits,
        int? generalDailyUnits,
        bool? apiEnabled,
        DateTimeOffset? enableAt)
    {
        lock (gate)
        {
            if (!projects.TryGetValue(name, out var project))
            {
                project = NewProject(options.DailyUnitsPerProject, implicitProject: false);
                projects.Add(name, project);
            }

            if (keyList is not null)
            {
                foreach (var (key, state) in keys.Where(pair => pair.Value.Project == name && !keyList.Contains(pair.Key)).ToArray())
                {
                    Move(state, AddProjectFor(key, options.DailyUnitsOfOneKeyProject));
                }

                foreach (var key in keyList)
                {
                    Move(keys.GetValueOrDefault(key) ?? AddKey(key, name), name);
                }
            }

            RollOver(project);
            project.DailyUnits = dailyUnits ?? project.DailyUnits;
            project.GeneralDailyUnits = generalDailyUnits ?? project.GeneralDailyUnits;
            if (apiEnabled is { } enabled)
            {
                project.ApiEnabled = enabled;
                project.EnableAt = enableAt;
            }
            else if (enableAt is not null)
            {
                project.ApiEnabled = false;
                project.EnableAt = enableAt;
            }

            return DescribeProject(name, project);
        }
    }

    public IReadOnlyList<KeyStatus> ListKeys()
    {
        lock (gate)
        {
            return keys.Select(pair => DescribeKey(pair.Key, pair.Value)).ToArray();
        }
    }

    public IReadOnlyList<ProjectStatus> ListProjects()
    {
        lock (gate)
        {
            return projects.Select(pair => DescribeProject(pair.Key, pair.Value)).ToArray();
        }
    }

    public void ResetSpent()
    {
        lock (gate)
        {
            foreach (var project in projects.Values)
            {
                project.Spent = 0;
                project.GeneralSpent = 0;
            }
        }
    }

    public void ResetToConfigured()
    {
        lock (gate)
        {
            keys.Clear();
            projects.Clear();
            foreach (var (name, projectKeys) in ConfiguredProjects.Read(options))
            {
                projects[name] = NewProject(options.DailyUnitsPerProject, implicitProject: false);
                foreach (var key in projectKeys)
                {
                    Move(keys.GetValueOrDefault(key) ?? AddKey(key, name), name);
                }
            }

            foreach (var configured in options.KeyList)
            {
                var state = keys.GetValueOrDefault(configured.Key)
                            ?? AddOwnProject(configured.Key, configured.DailyUnits ?? options.DailyUnitsOfOneKeyProject);
                state.Invalid = configured.Invalid;
                if (configured.DailyUnits is { } units)
                {
                    projects[state.Project].DailyUnits = units;
                }
            }

            foreach (var name in ConfiguredProjects.Disabled(options))
            {
                if (!projects.TryGetValue(name, out var project))
                {
                    project = NewProject(options.DailyUnitsPerProject, implicitProject: false);
                    projects.Add(name, project);
                }

                project.ApiEnabled = false;
            }
        }
    }

    private KeyState AddOwnProject(string key, int dailyUnits) => AddKey(key, AddProjectFor(key, dailyUnits));

    /// <returns>The name of the key's own project (its fingerprint), created when missing.</returns>
    private string AddProjectFor(string key, int dailyUnits)
    {
        var name = KeyFingerprint.Of(key);
        if (!projects.ContainsKey(name))
        {
            projects.Add(name, NewProject(dailyUnits, implicitProject: true));
        }

        return name;
    }

    private KeyState AddKey(string key, string project)
    {
        var state = new KeyState(project);
        keys.Add(key, state);
        return state;
    }

    // A project made only to hold one key goes away with its last key; a named one stays.
    private void Move(KeyState state, string project)
    {
        var previous = state.Project;
        state.Project = project;
        if (previous != project && projects[previous].Implicit && !keys.Values.Any(other => other.Project == previous))
        {
            projects.Remove(previous);
        }
    }

    private bool IsEnabled(ProjectState project)
    {
        if (project.EnableAt is { } at && time.GetUtcNow() >= at)
        {
            project.ApiEnabled = true;
            project.EnableAt = null;
        }

        return project.ApiEnabled;
    }

    // Lazily, on each touch: no timer has to fire at midnight, and a fake clock just works.
    private void RollOver(ProjectState state)
    {
        var today = clock.Today();
        if (state.Day != today)
        {
            state.Day = today;
            state.Spent = 0;
            state.GeneralSpent = 0;
        }
    }

    private KeyStatus DescribeKey(string key, KeyState state)
    {
        var project = projects[state.Project];
        RollOver(project);
        return new KeyStatus(KeyFingerprint.Of(key), project.DailyUnits, project.Spent, state.Invalid, state.Expired, state.Project);
    }

    private ProjectStatus DescribeProject(string name, ProjectState project)
    {
        RollOver(project);
        var enabled = IsEnabled(project);
        var fingerprints = keys.Where(pair => pair.Value.Project == name).Select(pair => KeyFingerprint.Of(pair.Key)).ToArray();
        return new ProjectStatus(
            name,
            fingerprints,
            project.DailyUnits,
            project.Spent,
            project.GeneralDailyUnits,
            project.GeneralSpent,
            enabled,
            project.EnableAt);
    }

    private ProjectState NewProject(int dailyUnits, bool implicitProject) =>
        new(dailyUnits, implicitProject) { GeneralDailyUnits = options.DailyGeneralUnitsPerProject };

    private sealed class KeyState(string project)
    {
        public string Project { get; set; } = project;
        public bool Invalid { get; set; }
        public bool Expired { get; set; }
    }

    private sealed class ProjectState(int dailyUnits, bool implicitProject)
    {
        public bool Implicit { get; } = implicitProject;
        public int DailyUnits { get; set; } = dailyUnits;
        public int Spent { get; set; }
        public int GeneralDailyUnits { get; set; }
        public int GeneralSpent { get; set; }
        public DateOnly Day { get; set; }
        public bool ApiEnabled { get; set; } = true;
        public DateTimeOffset? EnableAt { get; set; }
    }
}
