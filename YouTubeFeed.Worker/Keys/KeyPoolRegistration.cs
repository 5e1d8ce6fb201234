using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace YouTubeFeed.Worker.Keys;

public static class KeyPoolRegistration
{
    /// <summary>The keys, their projects and the quota ledger (<see cref="ApiKeyPool"/>).</summary>
    public static IHostApplicationBuilder AddKeyPool(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KeyPoolOptions>()
            .BindConfiguration(KeyPoolOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(options.ApiKeys))
                {
                    options.ApiKeys = configuration[KeyPoolOptions.LegacyKeysVariable];
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<QuotaLedger>();
        builder.Services.AddSingleton<KeyStateStore>();
        builder.Services.AddSingleton<KeyPoolMetrics>();
        builder.Services.AddSingleton<ApiKeyPool>();
        return builder;
    }
}
