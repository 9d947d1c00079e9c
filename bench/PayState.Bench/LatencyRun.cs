using System.Diagnostics;

namespace PayState.Bench;

/// Changes at a steady rate, each timed from the moment its processor call is sent (so the figure includes the
/// call's own transit and commit: an upper bound on commit-to-arrival) to the arrival of its webhook.
public static class LatencyRun
{
    public static async Task<Percentiles> MeasureAsync(Rig rig, int perSecond, TimeSpan duration)
    {
        var count = (int)(perSecond * duration.TotalSeconds);
        var orders = await Orders.CreateAsync(rig, count);
        var sentAt = new long[count];
        var calls = new List<Task>(count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            // Send on schedule however the earlier calls are doing: a steady arrival rate, not a closed loop.
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            sentAt[i] = Stopwatch.GetTimestamp();
            calls.Add(rig.ApiFor(i).ProcessorAsync($"processor/v1/acquiring/order/{orders[i]}/status", """{"status":"Pending"}"""));
        }
        await Task.WhenAll(calls);
        var samples = new double[count];
        var deadline = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            long? arrived;
            while ((arrived = rig.Receiver.ArrivalOf(orders[i])) is null)
            {
                if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"The webhook of order {orders[i]} never arrived.");
                await Task.Delay(5);
            }
            samples[i] = Stopwatch.GetElapsedTime(sentAt[i], arrived.Value).TotalMilliseconds;
        }
        return new Percentiles(samples);
    }
}
