using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using YouTubeFeed.Data;
using YouTubeFeed.Tests.Infrastructure;

namespace YouTubeFeed.Tests.Api;

/// <summary><c>/health</c> tells the public only its status, and a flood of probes costs the database next to nothing.</summary>
[Collection(BackendCollection.Name)]
public sealed class HealthTests(BackendFixture backend) : ApiTestBase(backend)
{
    private int databaseChecks;

    /// <summary>
    /// Counts the runs of this Api's database check (one <c>SELECT 1</c> each). The server's global count of SELECTs
    /// would also count the Worker harness's polling and other tests' databases on the same server: a CI run saw 14.
    /// </summary>
    protected override Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder> ConfigureApi => builder =>
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            var registration = options.Registrations.Single(r => r.Name == nameof(YouTubeFeedDbContext));
            var create = registration.Factory;
            registration.Factory = services => new CountedCheck(create(services), () => Interlocked.Increment(ref databaseChecks));
        });

    [Fact]
    public async Task A_flood_of_health_probes_runs_the_database_check_about_once_a_second()
    {
        using (var first = await Http.GetAsync("/health", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("""{"isError":false,"message":"Server is Up and Running"}""", await first.Content.ReadAsStringAsync(Cancel));
        }

        Assert.True(DatabaseChecks >= 1, "the first probe did not run the database check");

        // 32 clients probe as fast as they can for 3 seconds, and on until 300 probes are in (a busy machine may answer
        // fewer in 3 s; the bound on the checks below is per second measured).
        var before = DatabaseChecks;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sent = 0;
        var statuses = await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            var seen = new List<HttpStatusCode>();
            while ((clock.Elapsed < TimeSpan.FromSeconds(3) || Volatile.Read(ref sent) < 300) && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                using var response = await Http.GetAsync("/health", Cancel);
                seen.Add(response.StatusCode);
                Interlocked.Increment(ref sent);
            }

            return seen;
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var checks = DatabaseChecks - before;
        var probes = statuses.Sum(s => s.Count);

        Assert.All(statuses.SelectMany(s => s), status => Assert.Equal(HttpStatusCode.OK, status));
        TestContext.Current.SendDiagnosticMessage($"{probes} /health probes in {seconds:0.0} s ran the database check {checks} time(s)");
        Assert.True(probes >= 300, $"only {probes} probes");
        Assert.InRange(checks, 1, (int)Math.Ceiling(seconds) + 1);
    }

    private int DatabaseChecks => Volatile.Read(ref databaseChecks);

    private sealed class CountedCheck(IHealthCheck inner, Action ran) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            ran();
            return inner.CheckHealthAsync(context, cancellationToken);
        }
    }
}
