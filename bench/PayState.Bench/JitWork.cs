using System.Numerics;
using System.Runtime;

namespace PayState.Bench;

/// JIT work so far, of this process or of the servers (from their /metrics, summed over the processes): the
/// difference of two readings says how much tiered compilation was still going on between them.
public sealed record JitWork(double Methods, double Seconds) : IAdditionOperators<JitWork, JitWork, JitWork>
{
    public static Task<JitWork> ThisProcessAsync() =>
        Task.FromResult(new JitWork(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime().TotalSeconds));

    public static Task<JitWork> ServersAsync(Rig rig) =>
        ServerMetrics.SumAsync(rig, m => new JitWork(m["dotnet_jit_compiled_methods_total"], m["dotnet_jit_compilation_time_seconds_total"]));

    public static JitWork operator +(JitWork a, JitWork b) => new(a.Methods + b.Methods, a.Seconds + b.Seconds);

    public static JitWork operator -(JitWork after, JitWork before) => new(after.Methods - before.Methods, after.Seconds - before.Seconds);

    public override string ToString() => $"{Methods:0} methods JIT-compiled in {Seconds * 1000:0} ms";
}
