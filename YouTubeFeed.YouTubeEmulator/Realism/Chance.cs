using Microsoft.Extensions.Options;

namespace YouTubeFeed.YouTubeEmulator.Realism;

/// <summary>
/// Every random choice of the emulator, derived from one seed (<c>Emulator:RandomSeed</c>, or a random one), so a
/// run can be repeated. Choices about a page are pure functions of the seed and what names the page (see
/// <see cref="Unit"/>); choices that happen once per event (a publish, a call) take the next number of one
/// seeded sequence.
/// </summary>
internal sealed class Chance
{
    private readonly Lock gate = new();
    private readonly Random sequence;

    public Chance(IOptions<EmulatorOptions> options)
    {
        Seed = options.Value.RandomSeed ?? Random.Shared.Next();
        sequence = new Random(Seed);
    }

    public int Seed { get; }

    /// <summary>The same value in [0, 1) whenever it is asked with the same parts.</summary>
    public double Unit(params ReadOnlySpan<string?> parts) => StableHash.Unit(Seed, parts);

    public ulong Hash(params ReadOnlySpan<string?> parts) => StableHash.Of(Seed, parts);

    /// <summary>The next value in [0, 1) of the seeded sequence.</summary>
    public double Next()
    {
        lock (gate)
        {
            return sequence.NextDouble();
        }
    }

    /// <summary>The next value in [<paramref name="min"/>, <paramref name="max"/>) of the seeded sequence.</summary>
    public int Next(int min, int max)
    {
        lock (gate)
        {
            return sequence.Next(min, max);
        }
    }

    public void NextBytes(Span<byte> buffer)
    {
        lock (gate)
        {
            sequence.NextBytes(buffer);
        }
    }

    /// <summary>Runs <paramref name="use"/> with the sequence held, for a caller that needs many numbers at once.</summary>
    public T With<T>(Func<Random, T> use)
    {
        lock (gate)
        {
            return use(sequence);
        }
    }
}
