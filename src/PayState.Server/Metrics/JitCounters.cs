using System.Diagnostics.Metrics;
using System.Runtime;

namespace PayState.Server.Metrics;

/// Methods the JIT compiled and the time it spent: after a start or a new kind of traffic, tiered compilation
/// recompiles hot code in the background for a while, and its CPU is taken from requests meanwhile.
public static class JitCounters
{
    public static void Register(Meter meter)
    {
        meter.CreateObservableCounter("paystate_jit_compiled_methods", () => JitInfo.GetCompiledMethodCount(),
            description: "Methods compiled by the JIT, tiered recompilations included.");
        meter.CreateObservableCounter("paystate_jit_compilation_seconds", () => JitInfo.GetCompilationTime().TotalSeconds, unit: "s",
            description: "Time threads spent in the JIT, in total.");
    }
}
