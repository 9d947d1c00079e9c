using System.Diagnostics;
using System.Net;

namespace PayState.Bench;

/// N long-polls held at once on N checkouts (one connection each), as many as the server says it holds (its
/// paystate_held_waits gauge, not the number sent), its memory while it holds them, and the time from a
/// processor's change to the answer of that checkout's waiter.
public static class WaitRun
{
    public sealed record Result(int Held, double RssMegabytes, double IdleRssMegabytes, string RssParts, Percentiles Wake, ServerGc WakeGc)
    {
        public override string ToString() =>
            $"waits: {Held} held in {RssMegabytes:0} MB RSS ({RssParts}; with none held: {IdleRssMegabytes:0} MB), wake {Wake}; " +
            $"{WakeGc.KilobytesPer(Wake.Count):0.0} KB allocated per wake, {WakeGc} during the wakes";
    }

    /// Checkouts held and woken before the measured ones, unmeasured (see MeasureAsync).
    private const int WarmUp = 64;

    public static async Task<Result> MeasureAsync(Rig rig, BenchPlan plan)
    {
        var (waiters, wakes) = (plan.Waiters, plan.Wakes);
        var checkouts = new string[waiters + WarmUp];
        await Load.RunAsync(checkouts.Length, Rig.Concurrency, async i => checkouts[i] = await rig.Api.CreateCheckoutAsync(rig.Receiver.Url));

        using var held = Http.Pooled(int.MaxValue);
        using var stop = new CancellationTokenSource();
        var answeredAt = new long[checkouts.Length];
        var answers = new Task<HttpStatusCode>[checkouts.Length];
        void Hold(int i) =>
            answers[i] = WaitAsync(held, new Uri(rig.Api.Server, $"api/v1/checkout/{checkouts[i]}/wait?timeout=60"), answeredAt, i, stop.Token);

        // Warm-up, as in the other phases: a checkout's action and a held waiter's answer are new code to the server
        // at this point, and the first measured wakes timed their compilation (the slowest few of 200, so the p99).
        for (var i = waiters; i < checkouts.Length; i++) Hold(i);
        await HeldWaitsAsync(rig.Http, rig.Api.Server, WarmUp);
        await WakeAsync(rig, checkouts, answers, answeredAt, Enumerable.Range(waiters, WarmUp).ToArray());
        GC.Collect();
        var idleRss = rig.Nodes[0].RssMegabytes;

        for (var i = 0; i < waiters; i++)
        {
            Hold(i);
            // Open the connections in steps so the listen backlog never overflows (a dropped SYN costs a 1 s retry).
            if (i % 250 == 249) await Task.Delay(50);
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        var early = answers.Take(waiters).Count(a => a.IsCompleted);
        if (early > 0) throw new InvalidOperationException($"{early} of {waiters} long-polls were answered before any change: {await answers.First(a => a.IsCompleted)}.");
        var heldNow = await HeldWaitsAsync(rig.Http, rig.Api.Server, waiters);
        var rss = rig.Nodes[0].RssMegabytes;
        var parts = rig.Nodes[0].RssParts;
        if (plan.Hold > TimeSpan.Zero)
        {
            // e.g. dotnet run -c Release --project bench/tools/HeapHistogram -- PID
            Console.WriteLine($"holding {heldNow} waits for {plan.Hold.TotalSeconds:0} s: server pid {rig.Nodes[0].ProcessId}, {rss:0} MB RSS ({parts})");
            await Task.Delay(plan.Hold);
        }

        var gcBefore = await ServerGc.ReadAsync(rig);
        var samples = await WakeAsync(rig, checkouts, answers, answeredAt, Enumerable.Range(0, wakes).Select(n => n * (waiters / wakes)).ToArray());
        var wakeGc = await ServerGc.ReadAsync(rig) - gcBefore;
        if (plan.Hold > TimeSpan.Zero)
        {
            // A profiler's window on the wakes alone, before the rest are let go.
            Console.WriteLine($"woken {wakes}; holding the rest for {plan.Hold.TotalSeconds:0} s");
            await Task.Delay(plan.Hold);
        }
        await stop.CancelAsync();
        await Task.WhenAll(answers.Select(a => a.ContinueWith(_ => { }, TaskScheduler.Default)));
        return new Result(heldNow, rss, idleRss, parts, new Percentiles(samples), wakeGc);
    }

    /// Changes the given checkouts through the processor API, 8 at a time; each timed from the call's send to
    /// its waiter's answer.
    private static async Task<double[]> WakeAsync(Rig rig, string[] checkouts, Task<HttpStatusCode>[] answers, long[] answeredAt, int[] which)
    {
        var samples = new double[which.Length];
        await Load.RunAsync(which.Length, 8, async n =>
        {
            var i = which[n];
            var sent = Stopwatch.GetTimestamp();
            await rig.Api.ProcessorAsync($"processor/v1/checkout/{checkouts[i]}/action", """{"action":"resume_after_screening"}""");
            if (await answers[i] != HttpStatusCode.OK) throw new InvalidOperationException("A woken long-poll did not answer 200.");
            samples[n] = Stopwatch.GetElapsedTime(sent, answeredAt[i]).TotalMilliseconds;
        });
        return samples;
    }

    /// The server's paystate_held_waits gauge, read again (for up to 10 s) while it is short of the number sent.
    private static async Task<int> HeldWaitsAsync(HttpClient http, Uri server, int sent)
    {
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            var held = (int)(await ServerMetrics.ReadAsync(http, server))["paystate_held_waits"];
            if (held >= sent || Stopwatch.GetElapsedTime(start) > TimeSpan.FromSeconds(10)) return held;
            await Task.Delay(200);
        }
    }

    private static async Task<HttpStatusCode> WaitAsync(HttpClient http, Uri uri, long[] answeredAt, int i, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        answeredAt[i] = Stopwatch.GetTimestamp();
        return response.StatusCode;
    }
}
