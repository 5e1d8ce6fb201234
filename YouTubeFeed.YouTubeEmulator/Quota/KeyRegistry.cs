using Microsoft.Extensions.Options;

namespace YouTubeFeed.YouTubeEmulator.Quota;

/// <summary>Known keys, their daily allowance and what they spent on the current Pacific day.</summary>
internal sealed class KeyRegistry
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, KeyState> keys = new(StringComparer.Ordinal);
    private readonly EmulatorOptions options;
    private readonly QuotaClock clock;

    public KeyRegistry(IOptions<EmulatorOptions> options, QuotaClock clock)
    {
        this.options = options.Value;
        this.clock = clock;
        ResetToConfigured();
    }

    /// <summary>Charges one call, unless the key is invalid or the charge would exceed its daily units.</summary>
    public ChargeOutcome TryCharge(string key)
    {
        lock (gate)
        {
            if (!keys.TryGetValue(key, out var state))
            {
                if (options.RejectUnknownKeys)
                {
                    return ChargeOutcome.Invalid;
                }

                state = new KeyState(options.DailyUnitsPerKey, false);
                keys.Add(key, state);
            }

            if (state.Invalid)
            {
                return ChargeOutcome.Invalid;
            }

            RollOver(state);
            if ((long)state.Spent + options.UnitsPerCall > state.DailyUnits)
            {
                return ChargeOutcome.QuotaExceeded;
            }

            state.Spent += options.UnitsPerCall;
            return ChargeOutcome.Charged;
        }
    }

    public KeyStatus Upsert(string key, int? dailyUnits, bool? invalid)
    {
        lock (gate)
        {
            if (!keys.TryGetValue(key, out var state))
            {
                state = new KeyState(options.DailyUnitsPerKey, false);
                keys.Add(key, state);
            }

            state.DailyUnits = dailyUnits ?? state.DailyUnits;
            state.Invalid = invalid ?? state.Invalid;
            RollOver(state);
            return Describe(key, state);
        }
    }

    public IReadOnlyList<KeyStatus> List()
    {
        lock (gate)
        {
            return keys.Select(pair =>
            {
                RollOver(pair.Value);
                return Describe(pair.Key, pair.Value);
            }).ToArray();
        }
    }

    public void ResetSpent()
    {
        lock (gate)
        {
            foreach (var state in keys.Values)
            {
                state.Spent = 0;
            }
        }
    }

    public void ResetToConfigured()
    {
        lock (gate)
        {
            keys.Clear();
            foreach (var configured in options.KeyList)
            {
                keys[configured.Key] = new KeyState(configured.DailyUnits ?? options.DailyUnitsPerKey, configured.Invalid);
            }
        }
    }

    // Lazily, on each touch: no timer has to fire at midnight, and a fake clock just works.
    private void RollOver(KeyState state)
    {
        var today = clock.Today();
        if (state.Day != today)
        {
            state.Day = today;
            state.Spent = 0;
        }
    }

    private static KeyStatus Describe(string key, KeyState state) =>
        new(KeyFingerprint.Of(key), state.DailyUnits, state.Spent, state.Invalid);

    private sealed class KeyState(int dailyUnits, bool invalid)
    {
        public int DailyUnits { get; set; } = dailyUnits;
        public bool Invalid { get; set; } = invalid;
        public int Spent { get; set; }
        public DateOnly Day { get; set; }
    }
}
