using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using YouTubeFeed.Tests.Emulator;
using YouTubeFeed.Tests.Infrastructure;
using YouTubeFeed.Worker.Coverage;
using YouTubeFeed.Worker.Ingestion;
using YouTubeFeed.Worker.Planning;

namespace YouTubeFeed.Tests.Ingestion;

/// <summary>One call with every field the emulator's call log keeps (<c>GET /admin/calls</c>): a search, unless
/// <see cref="Method"/> says videos.list.</summary>
internal sealed record LoggedCall(
    DateTimeOffset At,
    string? Key,
    string? PageToken,
    int? Page,
    DateTime? PublishedAfter,
    DateTime? PublishedBefore,
    int? Status,
    string? Reason,
    int? Items,
    string? NextPageToken,
    string? Oddity,
    string? Project,
    string Method = "search.list")
{
    /// <summary>What the call asked for: its bounds and its page token.</summary>
    public string Signature => $"{Format(PublishedAfter)}|{Format(PublishedBefore)}|{PageToken}";

    /// <summary>The bounds of its chain of pages.</summary>
    public (DateTime? After, DateTime? Before) Bounds => (PublishedAfter, PublishedBefore);

    public bool Ok => Status == 200;

    public static async Task<List<LoggedCall>> ListAsync(RunningEmulator emulator) =>
        Parse(await emulator.GetJsonAsync("admin/calls"));

    /// <summary>The calls of an emulator the test reaches only over HTTP (the AppHost's).</summary>
    public static async Task<List<LoggedCall>> ListAsync(HttpClient emulator, CancellationToken cancellationToken)
    {
        using var response = await emulator.GetAsync("/admin/calls", cancellationToken);
        response.EnsureSuccessStatusCode();
        using var calls = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return Parse(calls.RootElement);
    }

    private static List<LoggedCall> Parse(JsonElement calls) =>
        calls.EnumerateArray().Select(c => new LoggedCall(
            c.GetProperty("at").GetDateTimeOffset(),
            Text(c, "keyFingerprint"),
            Text(c, "pageToken"),
            Number(c, "page"),
            Instant(Text(c, "publishedAfter")),
            Instant(Text(c, "publishedBefore")),
            Number(c, "status"),
            Text(c, "reason"),
            Number(c, "items"),
            Text(c, "nextPageToken"),
            Text(c, "oddity"),
            Text(c, "project"),
            Text(c, "method") ?? "search.list")).ToList();

    public static string Format(DateTime? instant) =>
        instant is { } value ? value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    public override string ToString() =>
        $"[{At:HH:mm:ss.fff} {(Method == "search.list" ? "" : Method + " ")}{Key} after={Format(PublishedAfter)} before={Format(PublishedBefore)} page={Page} token={PageToken ?? "-"} " +
        $"-> {Status} {Reason} items={Items} next={NextPageToken ?? "-"} oddity={Oddity ?? "-"}]";

    private static DateTime? Instant(string? text) =>
        text is null ? null : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}

/// <summary>The pages of one search, as the Worker followed them: a first page and the tokens after it.</summary>
internal sealed record CallChain(DateTime? After, DateTime? Before, IReadOnlyList<LoggedCall> Calls)
{
    /// <summary>Results the chain returned on its pages that were answered.</summary>
    public int Items => Calls.Where(c => c.Ok).Sum(c => c.Items ?? 0);

    public LoggedCall Last => Calls[^1];

    public override string ToString() =>
        $"chain after={LoggedCall.Format(After)} before={LoggedCall.Format(Before)}: {Calls.Count} call(s), {Items} item(s), last {Last.Status} {Last.Oddity}";

    /// <summary>Consecutive calls with the same bounds; a first page (no token) after an answered page starts a new chain.</summary>
    public static List<CallChain> Of(IReadOnlyList<LoggedCall> calls)
    {
        var chains = new List<List<LoggedCall>>();
        foreach (var call in calls)
        {
            var current = chains.Count > 0 ? chains[^1] : null;
            var continues = current is not null && current[^1].Bounds == call.Bounds
                && (call.PageToken is not null || !current[^1].Ok);
            if (continues)
            {
                current!.Add(call);
            }
            else
            {
                chains.Add([call]);
            }
        }

        return chains.Select(c => new CallChain(c[0].PublishedAfter, c[0].PublishedBefore, c)).ToList();
    }
}

/// <summary>A video as the emulator's admin API shows it.</summary>
internal sealed record ListedVideo(string Id, DateTime PublishedAt, DateTime ListedAt, string Visibility);

/// <summary>The checks every ingestion test ends with, and what they need from the emulator, the store and the ledger.</summary>
internal static class Ingest
{
    public const string Query = "football";

    /// <summary>The videos the emulator lists now (or, with <paramref name="all"/>, every one it holds), newest first.</summary>
    public static async Task<List<ListedVideo>> VideosAsync(RunningEmulator emulator, bool all = false)
    {
        var videos = await emulator.GetJsonAsync($"admin/videos?query={Query}" + (all ? "&include=all" : ""));
        return videos.EnumerateArray().Select(Read).ToList();
    }

    /// <summary>Publishes exactly these videos (time, and how long after it search starts listing each).</summary>
    public static async Task<List<ListedVideo>> PublishAsync(RunningEmulator emulator, IEnumerable<(DateTime PublishedAt, TimeSpan Delay)> items)
    {
        var body = new
        {
            query = Query,
            items = items.Select(i => new
            {
                publishedAt = i.PublishedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                indexDelay = i.Delay.ToString("c", CultureInfo.InvariantCulture),
            }).ToArray(),
        };
        var published = await emulator.PublishAsync(body);
        return published.EnumerateArray().Select(Read).ToList();
    }

    /// <summary><paramref name="count"/> videos listed at once, the newest at <paramref name="newest"/>, each <paramref name="spacing"/> older.</summary>
    public static Task<List<ListedVideo>> PublishAsync(RunningEmulator emulator, int count, DateTime newest, TimeSpan spacing) =>
        PublishAsync(emulator, Enumerable.Range(0, count).Select(i => (newest - (spacing * i), TimeSpan.Zero)));

    /// <summary>
    /// The oldest result a chain returned: the videos listed within its (inclusive) bounds, newest first, as many as
    /// it returned. Holds while nothing is listed or published within the bounds during the chain.
    /// </summary>
    public static DateTime OldestOf(IReadOnlyList<ListedVideo> listed, CallChain chain)
    {
        var within = listed.Where(v => (chain.After is not { } a || v.PublishedAt >= a) && (chain.Before is not { } b || v.PublishedAt <= b)).ToList();
        return within[chain.Items - 1].PublishedAt;
    }

    public static async Task<HashSet<string>> StoredIdsAsync(IsolatedStore store) =>
        (await store.ColumnAsync("SELECT video_id FROM videos")).ToHashSet(StringComparer.Ordinal);

    /// <summary>The stored videos are exactly <paramref name="expected"/>: none missing, none extra, none twice.</summary>
    public static async Task AssertStoredExactlyAsync(IsolatedStore store, IEnumerable<string> expected, string what)
    {
        var rows = await store.ColumnAsync("SELECT video_id FROM videos");
        Assert.Equal(rows.Count, rows.Distinct(StringComparer.Ordinal).Count());
        var want = expected.ToHashSet(StringComparer.Ordinal);
        var missing = want.Except(rows).Order(StringComparer.Ordinal).ToList();
        var extra = rows.Except(want).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            $"{what}: {want.Count} expected, {rows.Count} stored; missing {missing.Count} [{string.Join(", ", missing.Take(10))}], " +
            $"unexpected {extra.Count} [{string.Join(", ", extra.Take(10))}]");
    }

    /// <summary>The ledger of the query as the Worker committed it to MySQL.</summary>
    public static async Task<QueryLedger> LedgerAsync(WorkerHarness worker)
    {
        var options = worker.Get<IOptions<PlannerOptions>>().Value;
        var ledgers = await worker.Get<LedgerStore>().LoadAsync([Query], options.SweepAges, TestContext.Current.CancellationToken);
        return ledgers[Query];
    }

    /// <summary>Whether the ledger says <paramref name="instant"/> has been read.</summary>
    public static bool Claims(ReadCoverage coverage, DateTime instant) =>
        (coverage.Settled is { } settled && instant <= settled) || coverage.Above.Spans.Any(s => s.Contains(instant));

    /// <summary>
    /// The committed ledger never claims a stretch that was not read: every video listed now within what it says is
    /// read (above the backfill's floor, below which nothing is tracked) is stored.
    /// </summary>
    public static void AssertLedgerClaimsOnlyWhatIsStored(QueryLedger ledger, IReadOnlyList<ListedVideo> listed, ISet<string> stored, string when)
    {
        var claimedButMissing = listed
            .Where(v => (ledger.Floor is not { } floor || v.PublishedAt > floor) && Claims(ledger.Read, v.PublishedAt) && !stored.Contains(v.Id))
            .ToList();
        Assert.True(
            claimedButMissing.Count == 0,
            $"{when}: the ledger claims {Describe(ledger)} read, but {claimedButMissing.Count} video(s) listed there are not stored, e.g. " +
            string.Join(", ", claimedButMissing.Take(5).Select(v => $"{v.Id}@{LoggedCall.Format(v.PublishedAt)}")));
    }

    public static string Describe(QueryLedger ledger) =>
        $"floor={LoggedCall.Format(ledger.Floor)} settled={LoggedCall.Format(ledger.Read.Settled)} " +
        $"spans=[{string.Join(", ", ledger.Read.Above.Spans)}] gaps=[{string.Join(", ", ledger.Gaps())}] " +
        $"aged=[{string.Join(", ", ledger.Aged.Select(a => $"{a.Key:hh\\:mm}: settled {LoggedCall.Format(a.Value.Settled)}"))}]";

    /// <summary>One tick as the Worker's loop runs it (<paramref name="force"/>: as "fetch now"), logged for the test output.</summary>
    public static async Task<IReadOnlyList<CycleResult>> TickAsync(WorkerHarness worker, bool force = true)
    {
        var results = await worker.RunAsync(force);
        var status = worker.Get<IngestionStatus>();
        TestContext.Current.SendDiagnosticMessage(
            $"tick at {worker.Clock.GetUtcNow():MM-dd HH:mm:ss}: fetcher={status.IsFetcher} callsLeft={status.Budget?.CallsLeft} usable={status.UsableKeys} " +
            $"problem={status.LastProblem} results=[{string.Join("; ", results)}]");
        return results;
    }

    private static ListedVideo Read(JsonElement v) => new(
        v.GetProperty("videoId").GetString()!,
        v.GetProperty("publishedAt").GetDateTime().ToUniversalTime(),
        v.GetProperty("listedAt").GetDateTime().ToUniversalTime(),
        v.GetProperty("visibility").GetString()!);
}
