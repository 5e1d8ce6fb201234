using Microsoft.Extensions.Time.Testing;
using YouTubeFeed.Tests.Faults;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Ingestion;

/// <summary>
/// YouTube ends a chain of pages well before 500 results, at a point that varies (issue 15): the Worker notices that
/// a chain ended above the bottom it must reach and goes on with a new chain below the chain's oldest result, until
/// every new video is stored. Emulator and Worker share a fake clock; the emulator runs its "youtube" profile with a
/// fixed seed (random 503s, rate limits, short and odd pages included), with caps drawn between 300 and 430.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class ChainCutTests(BackendFixture backend) : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero));
    private FaultRig rig = null!;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (rig is not null)
        {
            await rig.DisposeAsync();
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Chains_cut_between_300_and_430_results_are_continued_below_their_oldest_result_until_every_video_is_stored()
    {
        rig = await FaultRig.StartAsync(
            backend,
            new Dictionary<string, string?>
            {
                ["Behaviour"] = "youtube",
                ["RandomSeed"] = "7",
                ["ResultCapMin"] = "300",
                ["ResultCapMax"] = "430",
                ["ShortPageShare"] = "0.25",
            },
            clock);
        var worker = await ReadHistoryAsync();

        // Three hours later: 1,500 new videos above the watermark, four chains' worth at the least.
        clock.Advance(TimeSpan.FromHours(3));
        await Ingest.PublishAsync(rig.Emulator, 1500, Now.AddSeconds(-5), TimeSpan.FromSeconds(7));
        var listed = await Ingest.VideosAsync(rig.Emulator);
        var calls = await TickUntilCaughtUpAsync(worker, 12);

        var chains = CallChain.Of(calls);
        var cut = chains.Where(c => c.Last.Ok && c.Last.Oddity == "cut").ToList();
        TestContext.Current.SendDiagnosticMessage(string.Join("\n", chains));
        Assert.True(cut.Count >= 2, $"expected chains cut by YouTube's cap, got {cut.Count}");
        foreach (var chain in cut)
        {
            // A chain's total is its cap: between 300 and 430, never 500.
            Assert.InRange(chain.Items, 300, 430);
            var oldest = Ingest.OldestOf(listed, chain);
            var index = chains.IndexOf(chain);
            Assert.True(
                chains.Skip(index + 1).Any(c => c.Before == oldest && c.Calls[0].PageToken is null),
                $"{chain} ended at {LoggedCall.Format(oldest)}; no later chain asks for what lies below it");
        }

        await Ingest.AssertStoredExactlyAsync(rig.Store, listed.Select(v => v.Id), "after chains cut below 500");
    }

    [Fact]
    public async Task A_chain_cut_after_its_third_page_is_continued_with_a_new_chain_below_its_oldest_result_in_the_same_read()
    {
        rig = await FaultRig.StartAsync(
            backend,
            new Dictionary<string, string?>
            {
                ["Behaviour"] = "youtube",
                ["RandomSeed"] = "7",
                ["ErrorShare"] = "0",
                ["RateLimitShare"] = "0",
                ["EmptyPageShare"] = "0",
                ["RepeatedTokenShare"] = "0",
            },
            clock);
        var worker = await ReadHistoryAsync();
        clock.Advance(TimeSpan.FromHours(1));
        await Ingest.PublishAsync(rig.Emulator, 400, Now.AddSeconds(-5), TimeSpan.FromSeconds(8));
        await rig.AddFaultAsync(new { kind = "cut-chain", onPage = 3, count = 1 });
        var listed = await Ingest.VideosAsync(rig.Emulator);

        var calls = await TickUntilCaughtUpAsync(worker, 3);

        var chains = CallChain.Of(calls);
        TestContext.Current.SendDiagnosticMessage(string.Join("\n", chains));
        var cut = Assert.Single(chains, c => c.Last.Reason == "cut-chain");
        Assert.Equal(3, cut.Calls.Count);
        Assert.Null(cut.Last.NextPageToken);
        Assert.InRange(cut.Items, 1, 150);
        var next = chains[chains.IndexOf(cut) + 1];
        Assert.Equal((cut.After, Ingest.OldestOf(listed, cut), (string?)null), (next.After, next.Before, next.Calls[0].PageToken));
        await Ingest.AssertStoredExactlyAsync(rig.Store, listed.Select(v => v.Id), "after a chain cut on page 3");
    }

    /// <summary>A Worker that has read the query's history: 120 videos over the five hours before.</summary>
    private async Task<WorkerHarness> ReadHistoryAsync()
    {
        await Ingest.PublishAsync(rig.Emulator, 120, Now.AddMinutes(-1), TimeSpan.FromMinutes(2.5));
        var worker = await rig.StartWorkerAsync(null, clock);
        await FaultRig.RunUntilCompletedAsync(worker);
        return worker;
    }

    /// <summary>
    /// Ticks a minute apart until a tick catches up; returns every call of those ticks. No tick follows a page token
    /// twice (a loop). First pages may repeat across the reads of one tick: a late sweep planned at the start of the
    /// tick may ask again for a stretch another sweep of the tick has just read.
    /// </summary>
    private async Task<List<LoggedCall>> TickUntilCaughtUpAsync(WorkerHarness worker, int maxTicks)
    {
        var calls = new List<LoggedCall>();
        for (var tick = 0; tick < maxTicks; tick++)
        {
            await EmulatorCall.ClearAsync(rig.Emulator);
            var results = await Ingest.TickAsync(worker);
            var ofTick = await LoggedCall.ListAsync(rig.Emulator);
            TestContext.Current.SendDiagnosticMessage($"tick {tick}:\n{string.Join("\n", ofTick)}");
            var twice = ofTick.Where(c => c.Ok && c.PageToken is not null).GroupBy(c => c.Signature).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(twice.Count == 0, $"tick {tick} asked for pages twice: {string.Join(", ", twice)}");
            calls.AddRange(ofTick);
            if (results.Count > 0 && results.All(r => r.Completed))
            {
                return calls;
            }

            clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Fail($"not caught up within {maxTicks} ticks");
        return calls;
    }
}
