using YouTubeFeed.Worker;

WorkerApp.Build(new WebApplicationOptions { Args = args }).Run();
