using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.EndToEnd;

/// <summary>After the application is disposed, none of its processes is left running.</summary>
[Collection(AppHostCollection.Name)]
public sealed class LifecycleTests
{
    private static readonly string[] Resources = ["mysql", "cache", "youtube-emulator", "worker", "api"];

    [Fact]
    public async Task Disposing_the_apphost_leaves_no_process_behind()
    {
        var dcpBefore = DcpProcesses();
        var app = await AppHostFixture.StartAsync();
        List<int> pids;
        try
        {
            pids = [.. Resources.SelectMany(name => ProcessIds(app, name))];
            Assert.True(pids.Count >= Resources.Length, $"found the pids of every resource: {string.Join(", ", pids)}");
            pids.AddRange(DcpProcesses().Except(dcpBefore));
            Assert.Contains(pids, pid => LocalProcesses.CommandLine(pid).Contains("mariadbd", StringComparison.Ordinal));
            Assert.Contains(pids, pid => LocalProcesses.CommandLine(pid).Contains("redis-server", StringComparison.Ordinal));
            Assert.Contains(pids, pid => LocalProcesses.CommandLine(pid).Contains("/dcp", StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync(TestContext.Current.CancellationToken);
            await app.DisposeAsync();
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        List<int> alive;
        while ((alive = pids.Where(LocalProcesses.IsRunning).ToList()).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        Assert.True(alive.Count == 0, $"still running: {string.Join("; ", alive.Select(LocalProcesses.CommandLine))}");
    }

    /// <summary>The process ids DCP reports for a resource (its snapshot properties ending in "pid").</summary>
    private static IEnumerable<int> ProcessIds(DistributedApplication app, string resource)
    {
        if (!app.ResourceNotifications.TryGetCurrentState(resource, out var state))
        {
            return [];
        }

        return state.Snapshot.Properties
            .Where(p => p.Name.EndsWith("pid", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.TryParse(Convert.ToString(p.Value, CultureInfo.InvariantCulture), out var pid) ? pid : 0)
            .Where(pid => pid > 0);
    }

    /// <summary>
    /// DCP processes of this test process: the API servers that monitor it, and everything below them
    /// (other test processes on the machine run DCPs of their own).
    /// </summary>
    private static HashSet<int> DcpProcesses() =>
        LocalProcesses.WithDescendants(LocalProcesses.Parents().Keys
            .Where(pid => LocalProcesses.CommandLine(pid).Contains($"start-apiserver --monitor {Environment.ProcessId} ", StringComparison.Ordinal)))
        .Where(pid => LocalProcesses.CommandLine(pid).Contains("/dcp ", StringComparison.Ordinal))
        .ToHashSet();
}
