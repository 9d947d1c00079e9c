using PayState.Bench;

// Delivery throughput of PayState on this machine, SQLite and (with PAYSTATE_BENCH_POSTGRES) PostgreSQL
// with one and two server processes. Everything runs on loopback with bounded counts.
var changes = args.Contains("--quick") ? 2000 : 10000;
var postgres = Environment.GetEnvironmentVariable("PAYSTATE_BENCH_POSTGRES");
var results = new List<DeliveryRun.Result>
{
    await DeliveryRun.MeasureAsync("sqlite, 1 process", changes, database: null, processes: 1),
};
if (!string.IsNullOrWhiteSpace(postgres))
{
    results.Add(await DeliveryRun.MeasureAsync("postgres, 1 process", changes, postgres, processes: 1));
    results.Add(await DeliveryRun.MeasureAsync("postgres, 2 processes", changes, postgres, processes: 2));
}
Console.WriteLine();
Console.WriteLine("| setup | changes | accepted per s | delivered per s | duplicates |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var r in results) Console.WriteLine($"| {r.Setup} | {r.Changes} | {r.AcceptedPerSecond:0} | {r.DeliveredPerSecond:0} | {r.Duplicates} |");
