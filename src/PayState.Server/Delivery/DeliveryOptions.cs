namespace PayState.Server.Delivery;

public sealed record DeliveryOptions
{
    public required RetrySchedule Schedule { get; init; }

    /// Connect, send and the whole answer must fit in this.
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// A claim not finished by then (its process died) is free to take again. Longer than any attempt.
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    public int MaxConcurrency { get; init; } = 256;

    /// In flight to one target host (its name, whatever the port) at once; the rest wait their turn in the outbox.
    public int MaxPerHost { get; init; } = 32;

    /// In flight for one merchant at once, over all its hosts: so one merchant's targets that hang hold at most this.
    public int MaxPerMerchant { get; init; } = 64;

    public int MaxConnectionsPerHost => MaxPerHost;

    public int ClaimBatch { get; init; } = 256;

    /// Which server process sent an attempt, kept in the attempt log: host name and process id.
    public string Node { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// Off only in tests that need committed work to sit in the outbox.
    public bool Enabled { get; init; } = true;
}
