using PayState.Server.Hosting;

await PayStateHost.Build(args).RunAsync();
