using YouTubeFeed.Api;

ApiApp.Build(new WebApplicationOptions { Args = args }).Run();
