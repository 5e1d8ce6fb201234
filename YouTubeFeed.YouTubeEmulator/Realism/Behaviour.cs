using Microsoft.Extensions.Options;

namespace YouTubeFeed.YouTubeEmulator.Realism;

/// <summary>
/// The effective value of every knob of the unkind behaviours: the one configured, or else the profile's
/// (<c>youtube</c>: realistic rates; <c>exact</c>: none of them).
/// </summary>
internal sealed class Behaviour
{
    public const string YouTube = "youtube";
    public const string Exact = "exact";

    public Behaviour(IOptions<EmulatorOptions> options)
    {
        var configured = options.Value;
        Profile = configured.Behaviour.Trim().ToLowerInvariant();
        var youtube = Profile == YouTube;

        LateShare = configured.LateShare ?? (youtube ? 0.10 : 0);
        LateDelayMin = configured.LateDelayMin ?? TimeSpan.FromMinutes(5);
        LateDelayMax = configured.LateDelayMax ?? (LateDelayMin > TimeSpan.FromHours(2) ? LateDelayMin : TimeSpan.FromHours(2));
        ResultCapMax = configured.ResultCapMax ?? configured.MaxTotalResults;
        ResultCapMin = configured.ResultCapMin ?? (youtube ? Math.Min(300, ResultCapMax) : ResultCapMax);
        ShortPageShare = configured.ShortPageShare ?? (youtube ? 0.10 : 0);
        EmptyPageShare = configured.EmptyPageShare ?? (youtube ? 0.03 : 0);
        RepeatedTokenShare = configured.RepeatedTokenShare ?? (youtube ? 0.03 : 0);
        NonVideoShare = configured.NonVideoShare ?? (youtube ? 0.10 : 0);
        ErrorShare = configured.ErrorShare ?? (youtube ? 0.01 : 0);
        RateLimitShare = configured.RateLimitShare ?? (youtube ? 0.005 : 0);
        UpcomingBroadcastShare = configured.UpcomingBroadcastShare ?? (youtube ? 0.03 : 0);
        LiveBroadcastShare = configured.LiveBroadcastShare ?? (youtube ? 0.02 : 0);
    }

    public string Profile { get; }

    public double LateShare { get; }

    public TimeSpan LateDelayMin { get; }

    public TimeSpan LateDelayMax { get; }

    public int ResultCapMin { get; }

    public int ResultCapMax { get; }

    public double ShortPageShare { get; }

    public double EmptyPageShare { get; }

    public double RepeatedTokenShare { get; }

    public double NonVideoShare { get; }

    public double ErrorShare { get; }

    public double RateLimitShare { get; }

    public double UpcomingBroadcastShare { get; }

    public double LiveBroadcastShare { get; }
}
