using System.Text;

namespace PayState.Bench;

/// Signed GETs of acquiring orders at the rig's concurrency, and the same count of raw GETs of a fixed body
/// of the same size from the receiver's Kestrel, in the same run.
public static class ReadRun
{
    public sealed record Result(Load.Outcome Reads, Load.Outcome Ceiling, CpuUse ReadsCpu, CpuUse CeilingCpu, ServerGc ReadsGc, int AnswerBytes)
    {
        public double Ratio => Reads.PerSecond / Ceiling.PerSecond;

        public override string ToString() =>
            $"reads of a {AnswerBytes}-byte answer: {Reads.PerSecond:0}/s, {Reads.Latency}; raw GET {Ceiling.PerSecond:0}/s (ratio {Ratio:0.000}); " +
            $"{ReadsCpu.Per("read", Reads.Requests)}, server {ReadsGc.KilobytesPer(Reads.Requests):0.00} KB allocated per read; {CeilingCpu.Per("raw GET", Ceiling.Requests)}";
    }

    public static async Task<Result> MeasureAsync(Rig rig, int requests)
    {
        var orders = await Orders.CreateAsync(rig, Rig.Concurrency);
        // Signed once per order: the server checks the signature on every request, the client need not redo it.
        var signed = orders.Select(o => rig.Api.Presign(HttpMethod.Get, $"/api/public/v1/acquiring/order/{o}", [])).ToArray();
        using (var first = await rig.Api.SendAsync(signed[0]))
            rig.Receiver.FixedBody = Encoding.UTF8.GetBytes(await first.Content.ReadAsStringAsync());
        // Both warmed first, as the POST ceiling is: the signed GET's route and handler are new code to the server
        // at this point, and tiered compilation would otherwise run inside the measured second.
        await WarmUp.UntilJitQuietAsync("raw GETs", () => CeilingRun.GetsAsync(rig.Receiver, requests / 10, Rig.Concurrency), JitWork.ThisProcessAsync);
        await WarmUp.UntilJitQuietAsync("reads", () => SignedGetsAsync(rig, signed, requests / 10), async () => await JitWork.ServersAsync(rig) + await JitWork.ThisProcessAsync());
        var start = CpuUse.Read(rig);
        var ceiling = await CeilingRun.GetsAsync(rig.Receiver, requests, Rig.Concurrency);
        var between = CpuUse.Read(rig);
        var gcBefore = await ServerGc.ReadAsync(rig);
        var reads = await SignedGetsAsync(rig, signed, requests);
        var cpu = CpuUse.Read(rig) - between;
        return new Result(reads, ceiling, cpu, between - start, await ServerGc.ReadAsync(rig) - gcBefore, rig.Receiver.FixedBody.Length);
    }

    private static Task<Load.Outcome> SignedGetsAsync(Rig rig, SignedRequest[] signed, int requests) =>
        Load.RunAsync(requests, Rig.Concurrency, async i =>
        {
            using var response = await rig.Api.SendAsync(signed[i % signed.Length]);
            await response.Content.ReadAsByteArrayAsync();
        });
}
