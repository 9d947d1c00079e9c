namespace PayState.Server.Metrics;

/// One time series of an instrument: its labels in the order the code records them (at most four, enough for
/// every PayState instrument). A struct compared by value, so finding a series allocates nothing.
internal readonly record struct SeriesKey(string? K0, string? V0, string? K1, string? V1, string? K2, string? V2, string? K3, string? V3)
{
    public const int MaxLabels = 4;

    public static SeriesKey From(ReadOnlySpan<KeyValuePair<string, object?>> tags) => tags.Length switch
    {
        0 => default,
        1 => new(tags[0].Key, Text(tags[0].Value), null, null, null, null, null, null),
        2 => new(tags[0].Key, Text(tags[0].Value), tags[1].Key, Text(tags[1].Value), null, null, null, null),
        3 => new(tags[0].Key, Text(tags[0].Value), tags[1].Key, Text(tags[1].Value), tags[2].Key, Text(tags[2].Value), null, null),
        4 => new(tags[0].Key, Text(tags[0].Value), tags[1].Key, Text(tags[1].Value), tags[2].Key, Text(tags[2].Value), tags[3].Key, Text(tags[3].Value)),
        _ => throw new ArgumentException($"PayState instruments record at most {MaxLabels} labels.", nameof(tags)),
    };

    public IEnumerable<(string Name, string Value)> Labels()
    {
        if (K0 is not null) yield return (K0, V0 ?? "");
        if (K1 is not null) yield return (K1, V1 ?? "");
        if (K2 is not null) yield return (K2, V2 ?? "");
        if (K3 is not null) yield return (K3, V3 ?? "");
    }

    // Label names are the same for every series of an instrument: hashing the values alone is enough, and cheaper.
    public override int GetHashCode() => HashCode.Combine(V0, V1, V2, V3);

    public bool Equals(SeriesKey other) =>
        V0 == other.V0 && V1 == other.V1 && V2 == other.V2 && V3 == other.V3 && K0 == other.K0 && K1 == other.K1 && K2 == other.K2 && K3 == other.K3;

    // Callers pass strings (cached ones on hot paths); anything else is rendered once per measurement.
    private static string? Text(object? value) => value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
}

/// A counter's running total or a gauge's last value.
internal sealed class ValueCell
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Add(double delta)
    {
        var current = Volatile.Read(ref _value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _value, current + delta, current);
            if (seen.Equals(current)) return;
            current = seen;
        }
    }

    public void Set(double value) => Volatile.Write(ref _value, value);
}

/// A histogram's bucket counts (not cumulative; the renderer sums them), sum and count. Fields move
/// independently, so a scrape racing a measurement may see one without the other: Prometheus tolerates it.
internal sealed class HistogramCell(IReadOnlyList<double> bounds)
{
    private readonly long[] _buckets = new long[bounds.Count + 1];
    private readonly ValueCell _sum = new();
    private long _count;

    public IReadOnlyList<double> Bounds => bounds;

    public double Sum => _sum.Value;

    public long Count => Interlocked.Read(ref _count);

    public long BucketCount(int index) => Interlocked.Read(ref _buckets[index]);

    public void Record(double value)
    {
        var i = 0;
        while (i < bounds.Count && value > bounds[i]) i++;
        Interlocked.Increment(ref _buckets[i]);
        _sum.Add(value);
        Interlocked.Increment(ref _count);
    }
}
