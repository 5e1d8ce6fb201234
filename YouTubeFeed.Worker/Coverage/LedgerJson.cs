using System.Text.Json;
using System.Text.Json.Serialization;

namespace YouTubeFeed.Worker.Coverage;

/// <summary>The stored form of a <see cref="QueryLedger"/> (column <c>ingestion_state.ledger</c>).</summary>
internal sealed record LedgerDocument(
    [property: JsonPropertyName("v")] int Version,
    [property: JsonPropertyName("floor")] DateTime? Floor,
    [property: JsonPropertyName("read")] CoverageDocument Read,
    [property: JsonPropertyName("aged")] Dictionary<string, CoverageDocument> Aged,
    [property: JsonPropertyName("sweptAt")] Dictionary<string, DateTime> SweptAt,
    [property: JsonPropertyName("headAt")] DateTime? LastHeadAt,
    [property: JsonPropertyName("firstAt")] DateTime? FirstReadAt,
    [property: JsonPropertyName("seen")] List<long> Seen,
    [property: JsonPropertyName("rate")] PublishRate Rate,
    [property: JsonPropertyName("late")] LateCount? Late);

internal sealed record CoverageDocument(
    [property: JsonPropertyName("settled")] DateTime? Settled,
    [property: JsonPropertyName("spans")] List<DateTime[]> Spans);

[JsonSerializable(typeof(LedgerDocument))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;

internal static class LedgerJson
{
    private const int CurrentVersion = 1;

    public static string Write(QueryLedger ledger)
    {
        var document = new LedgerDocument(
            CurrentVersion,
            ledger.Floor,
            Describe(ledger.Read),
            ledger.Aged.ToDictionary(a => Key(a.Key), a => Describe(a.Value)),
            ledger.LastSweepAt.ToDictionary(a => Key(a.Key), a => a.Value),
            ledger.LastHeadAt,
            ledger.FirstReadAt,
            [.. ledger.Anchors],
            ledger.Rate,
            ledger.Late);
        return JsonSerializer.Serialize(document, LedgerJsonContext.Default.LedgerDocument);
    }

    /// <summary>Reads a stored ledger into <paramref name="ledger"/>; an unreadable one is treated as absent (a new backfill).</summary>
    public static bool TryRead(string? json, QueryLedger ledger)
    {
        if (string.IsNullOrEmpty(json))
        {
            return false;
        }

        LedgerDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, LedgerJsonContext.Default.LedgerDocument);
        }
        catch (JsonException)
        {
            return false;
        }

        if (document is null || document.Version != CurrentVersion)
        {
            return false;
        }

        var aged = new Dictionary<TimeSpan, ReadCoverage>();
        foreach (var (key, coverage) in document.Aged)
        {
            if (TryAge(key, out var age))
            {
                aged[age] = Restore(coverage);
            }
        }

        ledger.Restore(document.Floor, Restore(document.Read), aged, document.Seen);
        foreach (var (key, at) in document.SweptAt)
        {
            if (TryAge(key, out var age) && ledger.Aged.ContainsKey(age))
            {
                ledger.LastSweepAt[age] = Utc(at);
            }
        }

        ledger.LastHeadAt = document.LastHeadAt is { } head ? Utc(head) : null;
        ledger.FirstReadAt = document.FirstReadAt is { } first ? Utc(first) : null;
        ledger.Rate = document.Rate;
        ledger.Late = document.Late ?? new LateCount();
        return true;
    }

    private static CoverageDocument Describe(ReadCoverage coverage) =>
        new(coverage.Settled, coverage.Above.Spans.Select(s => new[] { s.Low, s.High }).ToList());

    private static ReadCoverage Restore(CoverageDocument document) =>
        ReadCoverage.From(
            document.Settled is { } settled ? Utc(settled) : null,
            document.Spans.Where(s => s.Length == 2).Select(s => new Span(Utc(s[0]), Utc(s[1]))));

    private static string Key(TimeSpan age) => ((long)age.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool TryAge(string key, out TimeSpan age)
    {
        var ok = long.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds);
        age = TimeSpan.FromSeconds(seconds);
        return ok;
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
