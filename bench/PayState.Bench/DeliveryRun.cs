using System.Diagnostics;

namespace PayState.Bench;

/// N status changes committed through the processor API as fast as they are accepted, and the time until the
/// receiver holds all N webhooks, verified and unique.
public static class DeliveryRun
{
    /// Gc: what the servers allocated and collected from the first change until all were delivered (not the orders' creation).
    /// Cpu: the same window's CPU time, servers' and the bench's.
    public sealed record Result(int Changes, double AcceptedPerSecond, double DeliveredPerSecond, int Duplicates, int Unverified, ServerGc Gc, CpuUse Cpu);

    public static async Task<Result> MeasureAsync(Rig rig, int changes)
    {
        var orders = await Orders.CreateAsync(rig, changes);
        Console.WriteLine($"  {changes} orders ready; committing their changes");
        var before = rig.Receiver.Distinct;
        var received = rig.Receiver.Received;
        var gcBefore = await ServerGc.ReadAsync(rig);
        var cpuBefore = CpuUse.Read(rig);
        var clock = Stopwatch.StartNew();
        await Load.RunAsync(changes, Rig.Concurrency, i =>
            rig.ApiFor(i).ProcessorAsync($"processor/v1/acquiring/order/{orders[i]}/status", """{"status":"Pending"}"""));
        var accepted = clock.Elapsed;
        await rig.Receiver.WaitForAsync(before + changes, TimeSpan.FromMinutes(5));
        var delivered = clock.Elapsed;
        var cpu = CpuUse.Read(rig) - cpuBefore;
        var gc = await ServerGc.ReadAsync(rig) - gcBefore;
        await Task.Delay(300);
        var duplicates = rig.Receiver.Received - received - changes;
        return new Result(changes, changes / accepted.TotalSeconds, changes / delivered.TotalSeconds, duplicates, rig.Receiver.Unverified, gc, cpu);
    }
}
