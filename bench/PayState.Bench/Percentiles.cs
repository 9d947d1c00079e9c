namespace PayState.Bench;

/// Percentiles of a sample of durations in milliseconds (nearest rank).
public sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> samples)
    {
        _sorted = [.. samples];
        Array.Sort(_sorted);
        if (_sorted.Length == 0) throw new InvalidOperationException("No samples were taken.");
    }

    public int Count => _sorted.Length;

    public double P50 => At(0.50);

    public double P99 => At(0.99);

    public double Max => _sorted[^1];

    public double At(double fraction) => _sorted[Math.Clamp((int)Math.Ceiling(fraction * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public override string ToString() => $"p50 {P50:0.0} ms, p99 {P99:0.0} ms, max {Max:0.0} ms ({Count} samples)";
}
