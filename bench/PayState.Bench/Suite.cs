namespace PayState.Bench;

/// One setup's measurements, each printed as it completes.
public static class Suite
{
    public static async Task<Figures> RunAsync(BenchPlan plan, string? database, int processes, bool withWaits, string? only = null, TimeSpan relayDelay = default)
    {
        if (only == "steady") return await SteadyAsync(plan, database, processes);
        await using var rig = await Rig.StartAsync(database, processes, relayDelay);
        // Profiling aids: the held waits alone, the reads alone, or the ceiling and deliveries alone.
        if (only == "waits")
        {
            var alone = await WaitRun.MeasureAsync(rig, plan);
            Console.WriteLine(alone);
            return new Figures(1, 0, 0, 0, 0, 0, 0, 1, alone.Held, alone.RssMegabytes, alone.Wake.P50, alone.Wake.P99);
        }
        if (only == "reads")
        {
            var read = await ReadRun.MeasureAsync(rig, plan.Reads);
            Console.WriteLine(read);
            return new Figures(1, 0, 0, 0, 0, read.Reads.PerSecond, read.Reads.Latency.P99, read.Ceiling.PerSecond, 0, 0, 0, 0);
        }
        // The client and the receiver run in this process: its own JIT is the one to let settle.
        await WarmUp.UntilJitQuietAsync("ceiling", () => CeilingRun.PostsAsync(rig.Receiver, rig.Api.WebhookSecret, plan.CeilingRequests / 10, Rig.Concurrency),
            JitWork.ThisProcessAsync);
        var ceilingStart = CpuUse.Read(rig);
        var ceiling = await CeilingRun.PostsAsync(rig.Receiver, rig.Api.WebhookSecret, plan.CeilingRequests, Rig.Concurrency);
        var ceilingCpu = CpuUse.Read(rig) - ceilingStart;
        Console.WriteLine($"ceiling: {ceiling.PerSecond:0} POST/s at concurrency {Rig.Concurrency}, {ceiling.Latency}; {ceilingCpu.Per("POST", ceiling.Requests)}");

        await WarmUp.UntilJitQuietAsync("deliveries", () => DeliveryRun.MeasureAsync(rig, Math.Max(plan.Changes / 5, 1000)), () => JitWork.ServersAsync(rig));
        var jitBefore = await JitWork.ServersAsync(rig);
        var sizeBefore = await StorageSize.ReadAsync(rig);
        await rig.DelayAsync(on: true);
        var delivery = await DeliveryRun.MeasureAsync(rig, plan.Changes);
        await rig.DelayAsync(on: false);
        var jit = await JitWork.ServersAsync(rig) - jitBefore;
        // Each change with its order's creation, as in a day of payments: what the database keeps of both.
        var size = await StorageSize.ReadAsync(rig);
        Console.WriteLine($"deliveries: {delivery.Changes} changes accepted at {delivery.AcceptedPerSecond:0}/s, delivered at {delivery.DeliveredPerSecond:0}/s " +
                          $"(ratio {delivery.DeliveredPerSecond / ceiling.PerSecond:0.000}), {delivery.Duplicates} duplicates, {delivery.Unverified} unverified; server: {jit}, " +
                          $"{delivery.Gc.KilobytesPer(delivery.Changes):0.0} KB allocated per change, {delivery.Gc} while changing and delivering; {delivery.Cpu.Per("change", delivery.Changes)}");
        var busy = delivery.Cpu.CoresBusy(TimeSpan.FromSeconds(delivery.Changes / delivery.DeliveredPerSecond));
        Console.WriteLine($"  cores busy while delivering: {busy:P0} of {Environment.ProcessorCount} (PayState, the bench{(rig.Database is null ? "" : " and PostgreSQL")})");
        Console.WriteLine(new RatioBudget(ceiling, ceilingCpu, delivery));
        var bytesPerChange = (size.Bytes - sizeBefore.Bytes) / (double)delivery.Changes;
        Console.WriteLine($"storage after a checkpoint: {size.Per(sizeBefore, "change", delivery.Changes)}");
        if (only == "deliveries") return new Figures(ceiling.PerSecond, delivery.DeliveredPerSecond, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0) { CoresBusy = busy, BytesPerChange = bytesPerChange };

        var latency = await LatencyRun.MeasureAsync(rig, plan.LatencyPerSecond, plan.LatencyDuration);
        Console.WriteLine($"latency at {plan.LatencyPerSecond} changes/s: {latency}");

        var reads = await ReadRun.MeasureAsync(rig, plan.Reads);
        Console.WriteLine(reads);

        WaitRun.Result? waits = null;
        if (withWaits)
        {
            waits = await WaitRun.MeasureAsync(rig, plan);
            Console.WriteLine(waits);
        }
        return new Figures(ceiling.PerSecond, delivery.DeliveredPerSecond, latency.P50, latency.P99, latency.Max, reads.Reads.PerSecond, reads.Reads.Latency.P99,
            reads.Ceiling.PerSecond, waits?.Held ?? 0, waits?.RssMegabytes ?? 0, waits?.Wake.P50 ?? 0, waits?.Wake.P99 ?? 0)
        {
            CoresBusy = busy,
            BytesPerChange = bytesPerChange,
        };
    }

    /// The database's size under steady load with a short retention: events kept (what each change leaves), then
    /// events gone with the rest (flat).
    private static async Task<Figures> SteadyAsync(BenchPlan plan, string? database, int processes)
    {
        await using (var rig = await Rig.StartAsync(database, processes, settings: SteadyRun.Settings(plan.SteadyRetention, events: false)))
            Console.WriteLine(await SteadyRun.OrdersAsync(rig, plan));
        await using (var rig = await Rig.StartAsync(database, processes, settings: SteadyRun.Settings(plan.SteadyRetention, events: true)))
            Console.WriteLine(await SteadyRun.CheckoutsAsync(rig, plan));
        return new Figures(1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0);
    }
}
