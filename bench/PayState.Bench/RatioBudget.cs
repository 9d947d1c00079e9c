namespace PayState.Bench;

/// What the delivery ratio (0.3 of the ceiling) leaves a change of this machine's CPU, beside what a
/// change cost in the same run. The ratio moves with the ceiling from one run to the next; the budget and the
/// spending, both in CPU per change, say how far the design is from it whatever the host's speed that minute.
public sealed record RatioBudget(Load.Outcome Ceiling, CpuUse CeilingCpu, DeliveryRun.Result Delivery)
{
    public const double TargetRatio = 0.3;

    private static int Cores => Environment.ProcessorCount;

    /// The machine's CPU per change at the target: every core's time shared by 0.3 × ceiling changes a second.
    public double BudgetMicros => Cores * 1e6 / (TargetRatio * Ceiling.PerSecond);

    /// One raw POST, both ends (the client and the receiver are both in the bench's process; the idle server adds
    /// a microsecond or two).
    public double PostMicros => CeilingCpu.Total.TotalMicroseconds / Ceiling.Requests;

    public double SpentMicros => Delivery.Cpu.Total.TotalMicroseconds / Delivery.Changes;

    /// How much of the cores the delivery phase kept busy: below 100 % the cores were not the only limit.
    public double Busy => Delivery.Cpu.Total.TotalSeconds / (Delivery.Changes / Delivery.DeliveredPerSecond * Cores);

    // e.g. "budget: ratio 0.3 at this ceiling leaves 222 µs of the 2 cores per change; ..."
    public override string ToString() =>
        $"budget: ratio {TargetRatio} at this ceiling leaves {BudgetMicros:0} µs of the {Cores} cores per change, of which a change's two requests " +
        $"at a raw POST's cost ({PostMicros:0} µs, both ends) take {2 * PostMicros:0}; this run spent {SpentMicros:0} µs per change with the cores {Busy:P0} busy";
}
