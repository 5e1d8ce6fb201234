using System.Net;
using MySqlConnector;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

/// <summary><c>/health</c> tells the public only its status, and a flood of probes costs the database next to nothing.</summary>
[Collection(BackendCollection.Name)]
public sealed class HealthTests(BackendFixture backend) : ApiTestBase(backend)
{
    [Fact]
    public async Task A_flood_of_health_probes_runs_the_database_check_about_once_a_second()
    {
        using (var first = await Http.GetAsync("/health", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("""{"isError":false,"message":"Server is Up and Running"}""", await first.Content.ReadAsStringAsync(Cancel));
        }

        // Only this collection's tests use this server, one at a time: its counter of SELECTs is this test's.
        // 32 clients probe as fast as they can for 3 seconds.
        var before = await SelectsAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            var seen = new List<HttpStatusCode>();
            while (clock.Elapsed < TimeSpan.FromSeconds(3))
            {
                using var response = await Http.GetAsync("/health", Cancel);
                seen.Add(response.StatusCode);
            }

            return seen;
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var selects = await SelectsAsync() - before;
        var probes = statuses.Sum(s => s.Count);

        Assert.All(statuses.SelectMany(s => s), status => Assert.Equal(HttpStatusCode.OK, status));
        TestContext.Current.SendDiagnosticMessage($"{probes} /health probes in {seconds:0.0} s ran {selects} SELECT(s)");
        Assert.True(probes > 300, $"only {probes} probes");
        Assert.InRange(selects, 1, (long)Math.Ceiling(seconds) + 2);
    }

    /// <summary>The server's count of SELECT statements (read with SHOW, which is not one).</summary>
    private async Task<long> SelectsAsync()
    {
        await using var connection = new MySqlConnection(Store.MySqlConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new MySqlCommand("SHOW GLOBAL STATUS LIKE 'Com_select'", connection);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        await reader.ReadAsync(Cancel);
        return long.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture);
    }
}
