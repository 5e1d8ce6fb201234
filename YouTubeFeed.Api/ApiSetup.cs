using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Scalar.AspNetCore;
using YouTubeFeed.Api.Http;
using YouTubeFeed.Api.Legacy;
using YouTubeFeed.Api.Videos;

namespace YouTubeFeed.Api;

/// <summary>How the Api is put together; Program.cs reads as the table of contents.</summary>
internal static class ApiSetup
{
    private const long MaxRequestBodyBytes = 16 * 1024;

    public static WebApplicationBuilder AddVideosApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<CursorCodec>();
        builder.Services.AddSingleton<FirstPageSnapshots>();

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services.AddPerClientRateLimit();
        builder.Services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/problem+json"]);
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);

        // GET-only API: nothing legitimate sends a body, so a small limit costs no one anything.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });

        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "YouTubeFeed API";
            document.Info.Description =
                "The newest YouTube videos for the configured search queries. `/getData` and `/health` keep the original " +
                "service's shapes; `/api/videos` is the cursor API with search and filters. Errors are RFC 9457 problem details.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication UseVideosApiPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseSecurityHeaders();
        app.UseRequestBodyLimit(MaxRequestBodyBytes);
        app.UseResponseCompression();
        app.UseRateLimiter();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }

    public static WebApplication MapVideosEndpoints(this WebApplication app)
    {
        app.MapDefaultEndpoints(mapHealth: false);
        app.MapLegacyApi();
        app.MapVideosApi();
        app.MapOpenApi().DisableRateLimiting();
        app.MapScalarApiReference(options => options.WithTitle("YouTubeFeed API")).DisableRateLimiting();
        return app;
    }
}
