namespace PayState.Bench;

/// A server runs for days, so each phase is measured past tiered compilation: rounds of the phase's own work until
/// one leaves the JIT nearly idle, so that no recompilation falls inside the measured phase.
public static class WarmUp
{
    private const int MaxRounds = 15;
    private const double QuietMethods = 10;

    public static async Task UntilJitQuietAsync(string phase, Func<Task> round, Func<Task<JitWork>> read)
    {
        for (var n = 1; ; n++)
        {
            var before = await read();
            await round();
            var jit = await read() - before;
            if (jit.Methods <= QuietMethods || n == MaxRounds)
            {
                Console.WriteLine($"  {phase} warmed in {n} round(s); the last: {jit}");
                return;
            }
        }
    }
}
