using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace YouTubeFeed.Tests.EndToEnd;

/// <summary>The AppHost's application model, built but not started: what each mode wires.</summary>
public sealed class AppModelTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_a_key_the_worker_calls_the_real_youtube_with_the_key_as_a_secret_and_no_emulator_runs()
    {
        const string key = "test-only-key-not-real";
        var builder = await UnstartedAppHost.CreateBuilderAsync(
            ["Backends:Mode=local", "Backends:Ephemeral=true", $"YouTube:ApiKeys={key}"], Cancel);
        await using var app = await builder.BuildAsync(Cancel);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();

        Assert.DoesNotContain(model.Resources, r => r.Name == "youtube-emulator");
        var keys = Assert.IsType<ParameterResource>(model.Resources.Single(r => r.Name == "youtube-api-keys"), exactMatch: false);
        Assert.True(keys.Secret);

        var worker = (IResourceWithEnvironment)model.Resources.Single(r => r.Name == "worker");
#pragma warning disable CS0618 // Still the simplest way to read a resource's evaluated environment in a test.
        var environment = await worker.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);
#pragma warning restore CS0618
        Assert.Equal("https://www.googleapis.com/youtube/v3/", environment["YouTube__BaseUrl"]);
        Assert.Equal(key, environment["YouTube__ApiKeys"]);
        Assert.True(environment.ContainsKey("ConnectionStrings__youtubedb"));
        Assert.True(environment.ContainsKey("ConnectionStrings__cache"));
    }

    [Fact]
    public async Task Without_a_key_the_worker_is_pointed_at_the_emulator()
    {
        var builder = await UnstartedAppHost.CreateBuilderAsync(
            ["Backends:Mode=local", "Backends:Ephemeral=true"], Cancel);
        await using var app = await builder.BuildAsync(Cancel);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();

        Assert.Contains(model.Resources, r => r.Name == "youtube-emulator");
        Assert.DoesNotContain(model.Resources, r => r.Name == "youtube-api-keys");
        var names = model.Resources.Select(r => r.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "mysql", "youtubedb", "cache", "worker", "api" }, names);
    }
}
