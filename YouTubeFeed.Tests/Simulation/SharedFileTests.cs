using YouTubeFeed.Simulation.Reporting;

namespace YouTubeFeed.Tests.Simulation;

/// <summary>Simulations run side by side update one docs/quota.md and one quota-results.json.</summary>
public sealed class SharedFileTests
{
    [Fact]
    public async Task Updates_made_at_once_are_all_kept_and_leave_no_temporary_file()
    {
        var directory = Directory.CreateTempSubdirectory("ytf-shared-file-");
        try
        {
            var path = Path.Combine(directory.FullName, "quota-results.json");
            var writers = Enumerable.Range(0, 16).Select(i => Task.Run(() => SharedFile.UpdateAsync(path, current =>
            {
                // Slow enough that the updates overlap: without the lock, most of them would be lost.
                Thread.Sleep(5);
                return (current ?? "") + $"writer {i}\n";
            })));
            await Task.WhenAll(writers);

            var lines = (await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken)).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, 16).Select(i => $"writer {i}").Order().ToArray(), lines);
            Assert.Equal([path], Directory.GetFiles(directory.FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
            File.Delete(SharedFile.LockPathFor(Path.Combine(directory.FullName, "quota-results.json")));
        }
    }
}
