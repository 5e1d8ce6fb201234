using System.Diagnostics;
using System.Text.RegularExpressions;
using StackExchange.Redis;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

/// <summary>
/// The test Redis server stopped with SIGSTOP: its connections stay open and it answers nothing, as a server stuck in
/// a long command, swapping, or on a frozen VM does. Resumed (SIGCONT) on dispose; use it with <c>await using</c>.
/// </summary>
public sealed partial class PausedRedis : IAsyncDisposable
{
    private readonly int pid;
    private bool resumed;

    private PausedRedis(int pid) => this.pid = pid;

    public static async Task<PausedRedis> PauseAsync(IsolatedStore store)
    {
        int pid;
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(store.RedisConnectionString))
        {
            var info = (string?)await redis.GetDatabase().ExecuteAsync("INFO", "server") ?? "";
            pid = int.Parse(ProcessId().Match(info).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        var name = (await File.ReadAllTextAsync($"/proc/{pid}/comm")).Trim();
        Assert.True(name.StartsWith("redis", StringComparison.Ordinal), $"process {pid} is {name}, not redis-server");
        await SignalAsync(pid, "STOP");
        return new PausedRedis(pid);
    }

    public async ValueTask DisposeAsync()
    {
        if (!resumed)
        {
            resumed = true;
            await SignalAsync(pid, "CONT");
        }
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    [GeneratedRegex(@"process_id:(\d+)")]
    private static partial Regex ProcessId();
}
