using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace YouTubeFeed.Tests.EndToEnd;

/// <summary>The AppHost's builder for tests that read its application model and never start it.</summary>
internal static class UnstartedAppHost
{
    /// <summary>
    /// Creates the AppHost's testing builder with these arguments. An application that is built but never started
    /// waits out its host's shutdown timeout (30 s by default) when disposed, in some runs and not others, though
    /// nothing runs: with 2 s such a test ends in well under a second or in 2 s, not in 30.
    /// </summary>
    public static async Task<IDistributedApplicationTestingBuilder> CreateBuilderAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.YouTubeFeed_AppHost>(arguments, cancellationToken);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        return builder;
    }
}
