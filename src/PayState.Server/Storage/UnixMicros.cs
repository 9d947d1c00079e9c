namespace PayState.Server.Storage;

/// Times are stored as whole microseconds since the Unix epoch: the precision of the wire format.
public static class UnixMicros
{
    public static long From(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset ToTime(long micros) => new(DateTimeOffset.UnixEpoch.UtcTicks + (micros * 10), TimeSpan.Zero);

    /// Drops sub-microsecond ticks so a time reads back exactly as it was written.
    public static DateTimeOffset Truncate(DateTimeOffset value) => ToTime(From(value));
}
