using YouTubeFeed.Bench;

return await BenchRunner.RunAsync(args, Console.Out);
