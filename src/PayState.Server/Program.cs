using PayState.Server.Hosting;

return await ServerRun.RunAsync(args, Console.Error);
