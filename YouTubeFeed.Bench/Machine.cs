using System.Globalization;
using System.Runtime.InteropServices;

using YouTubeFeed.DevServers;

namespace YouTubeFeed.Bench;

internal static class Machine
{
    public static async Task<MachineInfo> DescribeAsync(CancellationToken cancellationToken)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memoryKb = File.ReadLines("/proc/meminfo").Where(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();
        var (_, nproc, _) = await ProcessRunner.RunAsync("nproc", [], cancellationToken);
        var cores = int.TryParse(nproc.Trim(), out var c) ? c : Environment.ProcessorCount;
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? RuntimeInformation.OSDescription
            : RuntimeInformation.OSDescription;
        return new MachineInfo(cpu, cores, Math.Round(memoryKb / 1048576.0, 1), os, RuntimeInformation.FrameworkDescription);
    }

    public static async Task<string> CommitAsync(string repo, CancellationToken cancellationToken)
    {
        try
        {
            var (exit, head, _) = await ProcessRunner.RunAsync("git", ["-C", repo, "rev-parse", "--short", "HEAD"], cancellationToken);
            var (_, status, _) = await ProcessRunner.RunAsync("git", ["-C", repo, "status", "--porcelain", "--untracked-files=no"], cancellationToken);
            return exit == 0 ? head.Trim() + (status.Trim().Length > 0 ? " (with uncommitted changes)" : "") : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
