using YouTubeFeed.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddYouTubeFeedDatabase();
builder.AddYouTubeFeedCache();
builder.AddVideosApi();

var app = builder.Build();

app.UseVideosApiPipeline();
app.MapVideosEndpoints();

app.Run();
