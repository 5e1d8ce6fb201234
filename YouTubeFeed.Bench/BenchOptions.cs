using System.Globalization;

namespace YouTubeFeed.Bench;

/// <summary>The command line of the benchmark (see <see cref="Help"/>).</summary>
public sealed record BenchOptions
{
    public int Videos { get; init; } = 1_000_000;
    public int Seconds { get; init; } = 10;
    public int Connections { get; init; } = 32;
    public int LatencyConnections { get; init; } = 1;
    public int SeedWriters { get; init; } = 4;
    public int IngestVideos { get; init; }
    public string BufferPool { get; init; } = "2G";
    public string? OutputDirectory { get; init; }
    public string? ApiDll { get; init; }
    public bool Keep { get; init; }
    public bool Candidates { get; init; }
    public string Vocabulary { get; init; } = "synthetic";
    public bool ShowHelp { get; init; }

    /// <summary>Videos each single-writer ingest measurement stores: 2% of N, between 1,000 and 20,000.</summary>
    public int EffectiveIngestVideos =>
        IngestVideos > 0 ? IngestVideos : Math.Clamp(Videos / 50, Math.Min(1000, Videos / 4), 20_000);

    public const string Help = """
        YouTubeFeed benchmark: starts its own MariaDB and Redis in a temporary directory, seeds synthetic videos
        through VideoWriter.UpsertAsync (batches of 50), writes their search terms and the details enrichment
        would store, starts the Api (Release build) as a separate process, measures it (cached first pages, deep
        pages of the plain list and of shorts=exclude, duration=long and order=views, searches) with wrk and an
        HttpClient harness, and appends the results to docs/benchmarks.md and bench-results.json.

        Usage: scripts/bench.sh [options]
               dotnet run -c Release --project YouTubeFeed.Bench -- [options]

          --videos N               videos to seed (default 1000000)
          --seconds S              duration of each wrk run in seconds (default 10)
          --connections C          connections of the throughput runs (ceiling, page 1; default 32, wrk -t1 -cC)
          --latency-connections L  connections of the latency runs (deep pages, search; default 1)
          --seed-writers W         concurrent writers while seeding (default 4); ingest is always measured with one
          --ingest-videos M        videos per single-writer ingest measurement (default 2% of N, 1000..20000)
          --buffer-pool SIZE       MariaDB's innodb_buffer_pool_size (default 2G: 1,000,000 videos with their
                                   search index and details take ~2.0 GB, the pages the runs read fit)
          --output DIR             write benchmarks.md and bench-results.json into DIR instead of
                                   docs/benchmarks.md and bench-results.json at the repository root
          --api-dll PATH           the Api to run (default YouTubeFeed.Api/bin/<configuration>/net10.0/YouTubeFeed.Api.dll)
          --vocabulary V           synthetic (default): titles and descriptions from ~350 topic words; english:
                                   every other word instead from the English word list by Zipf's law
                                   (/usr/share/dict/words, apt-get install wamerican), a real language's
                                   long tail of rare words in the index
          --keep                   keep the temporary directory (MariaDB data, logs) after the run
          --candidates             instead of the benchmark, measure the search designs of issue 19 side by side
                                   (today's prefix index, whole words, prefixes of 3-4, InnoDB FULLTEXT, Mroonga when
                                   mariadb-plugin-mroonga is installed) on --videos videos: size, indexing rate,
                                   latency of the benchmark's searches, the partial-match examples
          --help                   this text

        Needs wrk, mariadbd, mariadb-install-db and redis-server on PATH.
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{arg} needs a value.");
                }

                return args[++i];
            }

            int Positive()
            {
                var text = Value().Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n
                    : throw new ArgumentException($"{arg} must be a positive integer, not '{text}'.");
            }

            options = arg switch
            {
                "--videos" => options with { Videos = Positive() },
                "--seconds" => options with { Seconds = Positive() },
                "--connections" => options with { Connections = Positive() },
                "--latency-connections" => options with { LatencyConnections = Positive() },
                "--seed-writers" => options with { SeedWriters = Positive() },
                "--ingest-videos" => options with { IngestVideos = Positive() },
                "--buffer-pool" => options with { BufferPool = BufferPoolSize(Value()) },
                "--output" => options with { OutputDirectory = Value() },
                "--api-dll" => options with { ApiDll = Value() },
                "--vocabulary" => options with { Vocabulary = Vocabulary(Value()) },
                "--keep" => options with { Keep = true },
                "--candidates" => options with { Candidates = true },
                "--help" or "-h" or "-?" => options with { ShowHelp = true },
                _ => throw new ArgumentException($"Unknown option '{arg}'. See --help."),
            };
        }

        static string Vocabulary(string text) => text is "synthetic" or "english"
            ? text
            : throw new ArgumentException($"--vocabulary must be synthetic or english, not '{text}'.");

        static string BufferPoolSize(string text) =>
            System.Text.RegularExpressions.Regex.IsMatch(text, "^[1-9][0-9]*[MG]$")
                ? text
                : throw new ArgumentException($"--buffer-pool must be a size such as 2G or 512M, not '{text}'.");

        if (options.Videos < 1000)
        {
            throw new ArgumentException("--videos must be at least 1000.");
        }

        // The ingest measurements store 2 × M videos and the warm-up its own; the rest are seeded (at least one).
        var mostIngest = (options.Videos - Ingest.WarmUpVideos - 1) / 2;
        if (!options.Candidates && options.EffectiveIngestVideos > mostIngest)
        {
            throw new ArgumentException(options.IngestVideos > 0 && mostIngest > 0
                ? $"--ingest-videos must leave videos to seed: at most (videos - {Ingest.WarmUpVideos:N0} warm-up - 1) / 2 = {mostIngest:N0} with --videos {options.Videos:N0}."
                : $"--videos must be at least {SmallestRun(options):N0}: besides the seeded videos, the ingest measurements store twice --ingest-videos (by default 2% of --videos, at least 1,000 or a quarter of it) and their warm-up {Ingest.WarmUpVideos:N0}.");
        }

        return options;
    }

    /// <summary>The fewest videos a run with these options can seed at least one of.</summary>
    private static int SmallestRun(BenchOptions options)
    {
        var videos = options.Videos;
        while ((options with { Videos = videos }).EffectiveIngestVideos * 2 + Ingest.WarmUpVideos >= videos)
        {
            videos++;
        }

        return videos;
    }
}
