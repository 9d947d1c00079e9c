using System.Diagnostics;
using System.Globalization;

namespace PayState.Bench;

/// The database's size under steady load with a short retention, sampled after checkpoints. Orders: each created and
/// changed once (its webhook delivered), attempts and settled deliveries kept for the retention and events kept (the
/// default): once the retention has passed, what the database still grows by per change is what it keeps of each.
/// Checkouts: a fixed set whose actions change over and over (each change's identification event delivered), events
/// kept for the retention too: the size stays flat.
public static class SteadyRun
{
    public sealed record Sample(TimeSpan At, int Changes, StorageSize Size);

    public sealed record Result(string Workload, TimeSpan Retention, double ChangesPerSecond, IReadOnlyList<Sample> Samples)
    {
        /// Over the second half of the run, past at least one retention: the growth per change.
        public double BytesPerChange
        {
            get
            {
                var (mid, end) = (Samples[Samples.Count / 2], Samples[^1]);
                return (end.Size.Bytes - mid.Size.Bytes) / (double)Math.Max(end.Changes - mid.Changes, 1);
            }
        }

        public override string ToString() =>
            $"steady {Workload}, retention {Retention.TotalSeconds:0} s, {ChangesPerSecond:0} changes/s: file MB at each sample " +
            string.Join(" ", Samples.Select(s => $"{s.At.TotalSeconds:0}s:{s.Size.Bytes / 1048576.0:0.0}")) +
            $"; second half: {BytesPerChange:N0} bytes per change, {Samples.Skip(Samples.Count / 2).Min(s => s.Size.Bytes) / 1048576.0:0.0}–" +
            $"{Samples.Skip(Samples.Count / 2).Max(s => s.Size.Bytes) / 1048576.0:0.0} MB";
    }

    /// The server's retention settings for a run: days as the server reads them, fractions allowed.
    public static Dictionary<string, string> Settings(TimeSpan retention, bool events)
    {
        var days = (retention.TotalSeconds / 86400).ToString("0.##########", CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string> { ["PAYSTATE_RETENTION_DAYS"] = days };
        if (events) settings["PAYSTATE_EVENT_RETENTION_DAYS"] = days;
        return settings;
    }

    public static async Task<Result> OrdersAsync(Rig rig, BenchPlan plan) =>
        await RunAsync(rig, plan, "orders (events kept)", async _ =>
        {
            var order = await rig.Api.CreateOrderAsync(rig.Receiver.Url);
            await rig.Api.ProcessorAsync($"processor/v1/acquiring/order/{order}/status", """{"status":"Pending"}""");
        });

    public static async Task<Result> CheckoutsAsync(Rig rig, BenchPlan plan)
    {
        await rig.Api.UpdateMerchantAsync(new { send_action_events_in_identification = true, events_webhook = rig.Receiver.Url });
        var checkouts = new string[1000];
        await Load.RunAsync(checkouts.Length, Rig.Concurrency, async i => checkouts[i] = await rig.Api.CreateCheckoutAsync(rig.Receiver.Url));
        // Two actions that are not final and take no fields, in turn.
        return await RunAsync(rig, plan, $"{checkouts.Length} checkouts (events kept for the retention too)", i =>
            rig.Api.ProcessorAsync($"processor/v1/checkout/{checkouts[i % checkouts.Length]}/action",
                (i / checkouts.Length) % 2 == 0 ? """{"action":"show_error"}""" : """{"action":"require_validate_otp"}"""));
    }

    /// Changes at plan.SteadyRate a second for plan.SteadyDuration (sent on schedule, at most 256 in flight), the size
    /// read every plan.SteadySample.
    private static async Task<Result> RunAsync(Rig rig, BenchPlan plan, string workload, Func<int, Task> change)
    {
        using var inFlight = new SemaphoreSlim(256);
        var samples = new List<Sample> { new(TimeSpan.Zero, 0, await StorageSize.ReadAsync(rig)) };
        var done = 0;
        var clock = Stopwatch.StartNew();
        var nextSample = plan.SteadySample;
        var calls = new List<Task>();
        for (var i = 0; clock.Elapsed < plan.SteadyDuration; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / plan.SteadyRate) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            if (clock.Elapsed >= nextSample)
            {
                samples.Add(new Sample(clock.Elapsed, Volatile.Read(ref done), await StorageSize.ReadAsync(rig)));
                nextSample += plan.SteadySample;
            }
            await inFlight.WaitAsync();
            var n = i;
            calls.Add(Task.Run(async () =>
            {
                try
                {
                    await change(n);
                    Interlocked.Increment(ref done);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }
        await Task.WhenAll(calls);
        samples.Add(new Sample(clock.Elapsed, done, await StorageSize.ReadAsync(rig)));
        return new Result(workload, plan.SteadyRetention, done / clock.Elapsed.TotalSeconds, samples);
    }
}
