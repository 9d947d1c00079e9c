using System.Runtime;

namespace PayState.Bench;

/// JIT work so far, of this process or of the servers (from their /metrics, summed over the processes): the
/// difference of two readings says how much tiered compilation was still going on between them.
public sealed record JitWork(double Methods, double Seconds)
{
    public static Task<JitWork> ThisProcessAsync() =>
        Task.FromResult(new JitWork(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime().TotalSeconds));

    public static async Task<JitWork> ServersAsync(Rig rig)
    {
        var sum = new JitWork(0, 0);
        foreach (var node in rig.Nodes)
        {
            var metrics = await ServerMetrics.ReadAsync(rig.Http, node.BaseUri);
            sum += new JitWork(metrics["paystate_jit_compiled_methods_total"], metrics["paystate_jit_compilation_seconds_total"]);
        }
        return sum;
    }

    public static JitWork operator +(JitWork a, JitWork b) => new(a.Methods + b.Methods, a.Seconds + b.Seconds);

    public static JitWork operator -(JitWork after, JitWork before) => new(after.Methods - before.Methods, after.Seconds - before.Seconds);

    public override string ToString() => $"{Methods:0} methods JIT-compiled in {Seconds * 1000:0} ms";
}
