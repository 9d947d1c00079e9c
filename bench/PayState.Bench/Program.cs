using System.Globalization;
using PayState.Bench;

// PayState against this machine's own ceiling, measured in the same run: raw loopback HTTP, delivery throughput
// and latency, status reads and held long-polls. Everything runs on loopback with bounded counts; the last line
// is one machine-readable summary. `--runs N` repeats the SQLite suite and reports medians and spreads.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchUsage.Text);
    return;
}
var quick = args.Contains("--quick");
var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(1);
var hold = args.SkipWhile(a => a != "--hold").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault();
// The waits ask for 60 s, so a longer hold would see them time out before the wakes.
if (hold is < 0 or > 45) throw new ArgumentException("--hold takes 0 to 45 seconds.");
var plan = (quick ? BenchPlan.Quick : BenchPlan.Full) with { Hold = TimeSpan.FromSeconds(hold) };
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
if (args.Contains("--only") && !BenchUsage.Phases.Contains(only)) throw new ArgumentException($"--only takes one of: {string.Join(", ", BenchUsage.Phases)}.");
var postgres = Environment.GetEnvironmentVariable("PAYSTATE_BENCH_POSTGRES");
// With PostgreSQL: the delay each way of the relay between the server processes and the database, for the
// scale-out runs (round trips, not the two shared cores, bound a process); 0 skips them.
var relayDelay = args.SkipWhile(a => a != "--pg-delay-ms").Skip(1).Select(a => double.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(2);
if (relayDelay is < 0 or > 100) throw new ArgumentException("--pg-delay-ms takes 0 to 100 milliseconds.");

// `--only relay`: the scale-out runs through the relay alone, for measuring them in alternating pairs.
var relayOnly = only == "relay";
var figures = new List<Figures>();
for (var run = 1; run <= runs && !relayOnly; run++)
{
    Console.WriteLine($"== sqlite, 1 process (run {run} of {runs}) ==");
    figures.Add(await Suite.RunAsync(plan, database: null, processes: 1, withWaits: true, only));
}
var extra = new List<(string Setup, Figures Figures)>();
PostgresFigures? onPostgres = null;
if (!string.IsNullOrWhiteSpace(postgres))
{
    foreach (var processes in relayOnly ? [] : new[] { 1, 2 })
    {
        Console.WriteLine($"== postgres, {processes} process(es) ==");
        extra.Add(($"postgres, {processes} process(es)", await Suite.RunAsync(plan, postgres, processes, withWaits: false, only)));
    }
    var relayed = new List<Figures>();
    if (relayDelay > 0)
    {
        foreach (var processes in new[] { 1, 2 })
        {
            Console.WriteLine($"== postgres through a relay of {relayDelay} ms each way, {processes} process(es) ==");
            var figure = await Suite.RunAsync(plan, postgres, processes, withWaits: false, "deliveries", TimeSpan.FromMilliseconds(relayDelay));
            extra.Add(($"postgres, relay {relayDelay} ms, {processes} process(es)", figure));
            relayed.Add(figure);
        }
    }
    if (relayOnly)
    {
        Console.WriteLine($"RESULT_RELAY relay_delay_ms={relayDelay} relay_one_per_s={relayed[0].DeliveriesPerSecond:0} relay_two_per_s={relayed[1].DeliveriesPerSecond:0} " +
                          $"relay_scale={relayed[1].DeliveriesPerSecond / relayed[0].DeliveriesPerSecond:0.00}");
        return;
    }
    onPostgres = new PostgresFigures(Figures.Median(figures), extra[0].Figures, extra[1].Figures, relayDelay, relayed is [var one, var two] ? (one, two) : null);
}

Console.WriteLine();
Report.Print(figures, extra);
if (onPostgres is not null) Console.WriteLine(onPostgres.ResultLine());
Console.WriteLine(Report.ResultLine(Figures.Median(figures)));
