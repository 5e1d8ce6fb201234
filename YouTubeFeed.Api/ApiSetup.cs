using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Scalar.AspNetCore;
using YouTubeFeed.Api.FirstPage;
using YouTubeFeed.Api.Http;
using YouTubeFeed.Api.Legacy;
using YouTubeFeed.Api.Videos;

namespace YouTubeFeed.Api;

/// <summary>How the Api is put together: its services, its middleware, its endpoints (ApiApp calls them in that order).</summary>
internal static class ApiSetup
{
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.Section)
            .ValidateDataAnnotations()
            .Validate(
                options => development || !string.IsNullOrEmpty(options.CursorSigningKey),
                "Api:CursorSigningKey (environment Api__CursorSigningKey) is required outside Development: every Api replica " +
                "must sign cursors with the same secret, or a cursor fails on the next replica. The AppHost generates one; " +
                "elsewhere set it to a long random string.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CursorCodec>();
        builder.Services.AddSingleton<InProcessFirstPage>();
        builder.Services.AddHostedService<FirstPageInvalidation>();
        builder.Services.AddSingleton<CachedReadiness>();

        // First, so that it writes every problem, whatever the client accepts.
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ExceptionProblemHandler>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services.AddPerClientRateLimit();
        builder.Services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat([ProblemJsonWriter.ContentType]);
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.WebHost.ConfigureKestrel(kestrel => RequestLimits.ConfigureKestrel(kestrel.Limits));
        builder.Services.AddApiDocument();
        return builder;
    }

    public static WebApplication UseApiPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseSecurityHeaders();
        app.UseRequestLimits();
        // A 404 or 405 (no endpoint, wrong method) gets a problem body too.
        app.UseStatusCodePages();
        app.UseResponseCompression();
        app.UseRateLimiter();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }

    public static WebApplication MapApiEndpoints(this WebApplication app)
    {
        app.MapDefaultEndpoints(mapHealth: false);
        app.MapLegacyEndpoints();
        app.MapVideosEndpoints();
        app.MapOpenApi().DisableRateLimiting();
        app.MapScalarApiReference(options => options.WithTitle("YouTubeFeed API")).DisableRateLimiting();
        return app;
    }
}
