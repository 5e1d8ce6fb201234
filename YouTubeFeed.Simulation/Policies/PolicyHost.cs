using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using YouTubeFeed.Data.Database;
using YouTubeFeed.Simulation.Scenarios;
using YouTubeFeed.Worker.Ingestion;
using YouTubeFeed.Worker.Keys;
using YouTubeFeed.Worker.YouTube;

namespace YouTubeFeed.Simulation.Policies;

/// <summary>
/// The services a policy runs on, composed as the Worker composes them (<c>WorkerApp</c>) but on the simulation's clock
/// and without the Worker's own loop: the simulation runs its ticks. Baselines get the same database and YouTube client.
/// </summary>
internal static class PolicyHost
{
    public static async Task<IHost> StartAsync(
        SimulationStore store, Scenario scenario, Uri youtube, TimeProvider clock, bool worker, bool verbose, TextWriter log, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:youtubedb"] = store.MySqlConnectionString,
            ["ConnectionStrings:cache"] = store.RedisConnectionString,
            ["YouTube:BaseUrl"] = youtube.ToString(),
            ["YouTube:Query"] = string.Join(",", scenario.Queries.Select(q => q.Query)),
            ["YouTube:FetchInterval"] = "00:00:10",
            ["YouTube:QuotaPacing"] = "true",
        };
        foreach (var project in scenario.Projects)
        {
            settings[$"YouTube:Projects:{project.Name}"] = string.Join(",", project.KeyValues);
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("System", LogLevel.Warning)
            .AddFilter("MySqlConnector", LogLevel.Warning)
            .AddFilter("YouTubeFeed.Worker.Ingestion.SpanReader", verbose ? LogLevel.Debug : LogLevel.Error)
            .AddFilter("StackExchange.Redis", LogLevel.Error);
        builder.Services.AddSingleton(clock);
        builder.AddYouTubeFeedDatabase();
        builder.AddYouTubeClient();
        if (worker)
        {
            builder.AddYouTubeFeedCache();
            builder.AddKeyPool();
            builder.AddIngestion();
        }

        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await host.Services.GetRequiredService<SchemaReadiness>().WaitAsync(timeout.Token);
        await log.WriteLineAsync($"  store {store.DatabaseName} ready");
        return host;
    }
}
