using Microsoft.Extensions.Time.Testing;
using YouTubeFeed.Tests.Faults;
using YouTubeFeed.Tests.Infrastructure;
using YouTubeFeed.Worker.Coverage;

namespace YouTubeFeed.Tests.Ingestion;

/// <summary>
/// A window of new videos bigger than one tick may read (issue 15): with <c>YouTube:MaxPagesPerCycle=2</c>, 600 new
/// videos above the watermark take many ticks. Each tick goes on where the last stopped, never asks again for a page
/// of the window it has read, and what it commits to <c>ingestion_state</c> never claims a stretch it has not read,
/// also when a tick is interrupted. Emulator and Worker share a fake clock; the emulator runs its "youtube" profile
/// with a fixed seed (random 503s, rate limits, short and odd pages included).
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class ResumeTests(BackendFixture backend) : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 12, 1, 16, 0, 0, DateTimeKind.Utc);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Start));
    private FaultRig rig = null!;

    public async ValueTask InitializeAsync() =>
        rig = await FaultRig.StartAsync(backend, new Dictionary<string, string?> { ["Behaviour"] = "youtube", ["RandomSeed"] = "7" }, clock);

    public async ValueTask DisposeAsync() => await rig.DisposeAsync();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Six_hundred_new_videos_read_two_pages_a_tick_are_all_stored_each_tick_going_on_where_the_last_stopped()
    {
        var settings = new Dictionary<string, string?> { ["YouTube:MaxPagesPerCycle"] = "2" };
        await Ingest.PublishAsync(rig.Emulator, 40, Now.AddMinutes(-1), TimeSpan.FromMinutes(3));
        var worker = await rig.StartWorkerAsync(settings, clock);
        await FaultRig.RunUntilCompletedAsync(worker);
        var watermark = (await Ingest.LedgerAsync(worker)).Top!.Value;
        var completedAt = await LastCompletedAtAsync();

        // 70 minutes later: 600 new videos, all published after the watermark (12 full pages).
        clock.Advance(TimeSpan.FromMinutes(70));
        var backlog = await Ingest.PublishAsync(rig.Emulator, 600, Now.AddSeconds(-30), TimeSpan.FromSeconds(6));
        Assert.All(backlog, v => Assert.True(v.PublishedAt > watermark));

        DateTime? readBottom = null;
        var interrupted = false;
        var caughtUp = false;
        for (var tick = 1; tick <= 30 && !caughtUp; tick++)
        {
            var before = await Ingest.LedgerAsync(worker);
            var newestGap = before.Gaps().FirstOrDefault();
            if (tick == 4)
            {
                // This tick is interrupted: page 2 of its read of the backlog fails, and so does the one retry.
                await rig.AddFaultAsync(new { kind = "status", status = 503, onPage = 2, count = 2 });
            }

            await EmulatorCall.ClearAsync(rig.Emulator);
            var results = await Ingest.TickAsync(worker);
            var calls = await LoggedCall.ListAsync(rig.Emulator);
            var chains = CallChain.Of(calls);
            TestContext.Current.SendDiagnosticMessage($"tick {tick}: ledger before {Ingest.Describe(before)}\n{string.Join("\n", calls)}");
            var after = await Ingest.LedgerAsync(worker);
            var listed = await Ingest.VideosAsync(rig.Emulator);
            var stored = await Ingest.StoredIdsAsync(rig.Store);

            // What is committed never claims what was not read.
            Ingest.AssertLedgerClaimsOnlyWhatIsStored(after, listed, stored, $"after tick {tick}");

            // No page is followed twice, and no chain starts in a stretch of the window already read.
            var twice = calls.Where(c => c.Ok && c.PageToken is not null).GroupBy(c => c.Signature).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(twice.Count == 0, $"tick {tick} asked for pages twice: {string.Join(", ", twice)}");
            foreach (var chain in chains.Where(c => c.Before > watermark))
            {
                Assert.False(Ingest.Claims(before.Read, chain.Before!.Value), $"tick {tick}: {chain} starts in a stretch read before: {Ingest.Describe(before)}");
            }

            if (tick == 1)
            {
                // The newest two pages; the rest of the window is a gap in the ledger, not under the watermark. (The
                // late sweeps of the tick read below the old watermark, outside the window.)
                Assert.Equal(2, calls.Count(c => c.Ok && c.PublishedBefore is null));
                Assert.All(calls.Where(c => c.PublishedBefore is not null), c => Assert.True(c.PublishedBefore <= watermark, $"{c} reads in the window"));
                readBottom = backlog.Where(v => stored.Contains(v.Id)).Min(v => v.PublishedAt);
                var gap = Assert.Single(after.Gaps());
                Assert.Equal(readBottom, gap.High);
                Assert.True(gap.Low <= watermark, $"the gap {gap} does not reach down to the old watermark {LoggedCall.Format(watermark)}");
            }
            else
            {
                // Reads of new videos stay above what the first tick read; the window's read goes on at the top of its gap.
                Assert.All(chains.Where(c => c.Before is null), c => Assert.True(c.After >= readBottom, $"tick {tick}: {c} reaches into the unread window"));
                if (newestGap.High > watermark)
                {
                    var resumed = chains.FirstOrDefault(c => c.Before is not null);
                    Assert.True(resumed?.Before == newestGap.High, $"tick {tick}: expected a read starting at {LoggedCall.Format(newestGap.High)}, got {resumed}");
                }
            }

            if (tick == 4)
            {
                interrupted = true;
                Assert.False(Assert.Single(results).Completed);
                Assert.NotEmpty(after.Gaps());
                Assert.Contains(calls, c => c.Status == 503 && c.Page == 2);
            }

            if (after.Gaps().Count > 0)
            {
                Assert.Equal(completedAt, await LastCompletedAtAsync());
            }

            caughtUp = results.Count > 0 && results.All(r => r.Completed) && after.Gaps().Count == 0;
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.True(interrupted && caughtUp, "the window was not read within 30 ticks");
        Assert.True(await LastCompletedAtAsync() > completedAt);
        Assert.Equal((await Ingest.LedgerAsync(worker)).Top, await rig.WatermarkAsync());
        await Ingest.AssertStoredExactlyAsync(rig.Store, (await Ingest.VideosAsync(rig.Emulator)).Select(v => v.Id), "after the window was read");
    }

    private async Task<DateTime?> LastCompletedAtAsync() =>
        await rig.Store.ScalarAsync<object?>($"SELECT last_completed_at FROM ingestion_state WHERE query = '{Ingest.Query}'") as DateTime?;
}
