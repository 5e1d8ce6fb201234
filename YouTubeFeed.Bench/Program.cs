using YouTubeFeed.Bench;

return args is [CeilingServer.Command, ..]
    ? await CeilingServer.RunAsync(args)
    : await BenchRunner.RunAsync(args, Console.Out);
