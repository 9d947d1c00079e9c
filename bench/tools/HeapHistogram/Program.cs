using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

// Live objects of a running .NET process, by type: asks the runtime for a GC heap snapshot over EventPipe (what
// dotnet-gcdump does; it forces a full collection) and sums the snapshot's objects by type.
// Usage: dotnet run -c Release --project bench/tools/HeapHistogram -- PID [TOP]
if (args.Length < 1 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var pid))
{
    Console.Error.WriteLine("usage: HeapHistogram PID [TOP]");
    return 2;
}
var top = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;

var provider = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, (long)ClrTraceEventParser.Keywords.GCHeapSnapshot);
using var session = new DiagnosticsClient(pid).StartEventPipeSession([provider], requestRundown: false);
using var source = new EventPipeEventSource(session.EventStream);
var names = new Dictionary<ulong, string>();
var byType = new Dictionary<ulong, (long Bytes, long Count)>();
source.Clr.TypeBulkType += data =>
{
    for (var i = 0; i < data.Count; i++) names[data.Values(i).TypeID] = data.Values(i).TypeName;
};
source.Clr.GCBulkNode += data =>
{
    for (var i = 0; i < data.Count; i++)
    {
        var node = data.Values(i);
        var sum = byType.GetValueOrDefault(node.TypeID);
        byType[node.TypeID] = (sum.Bytes + (long)node.Size, sum.Count + 1);
    }
};
// The snapshot's events follow the forced collection; give them time to arrive, then end the session.
var stopping = 0;
source.Clr.GCStop += end =>
{
    if (Interlocked.Exchange(ref stopping, 1) == 0) _ = Task.Delay(TimeSpan.FromSeconds(3)).ContinueWith(t => session.Stop(), TaskScheduler.Default);
};
source.Process();

Console.WriteLine($"live: {byType.Values.Sum(t => t.Bytes) / 1048576.0:0.0} MB in {byType.Values.Sum(t => t.Count):N0} objects");
foreach (var (type, (bytes, count)) in byType.OrderByDescending(t => t.Value.Bytes).Take(top))
    Console.WriteLine($"{bytes / 1024,10:N0} KB {count,10:N0}  {names.GetValueOrDefault(type, type.ToString(CultureInfo.InvariantCulture))}");
return 0;
