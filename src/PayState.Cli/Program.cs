using System.Runtime.InteropServices;
using PayState.Cli;

// Ctrl+C and SIGTERM cancel the running command (listen and events tail stop cleanly) instead of killing the process.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});
return await Cli.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
