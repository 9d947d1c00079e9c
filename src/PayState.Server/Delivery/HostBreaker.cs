namespace PayState.Server.Delivery;

/// A circuit breaker per target host. A host whose sends get no answer Threshold times in a row (each within Forget
/// of the one before: timeouts, connections refused or reset) trips: it gets one send slot, a probe at a time,
/// instead of its full share, so a host that hangs holds one slot and not 32. It closes as soon as a send to it gets
/// an answer (any status: the host is up), or after Forget without a failure. Deliveries wait in the outbox
/// meanwhile, unattempted: a tripped host slows its own deliveries, never fails them. Time is the injected clock's.
public sealed class HostBreaker(TimeProvider clock, ILogger log)
{
    public const int Threshold = 5;

    /// Hosts tracked at most: names come from merchants, so the table is bounded.
    public const int MaxHosts = 4096;

    public static readonly TimeSpan Forget = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, (int Failures, DateTimeOffset Last)> _hosts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// Hosts with failures on record.
    public int Count
    {
        get { lock (_lock) return _hosts.Count; }
    }

    public bool IsTripped(string host)
    {
        var now = clock.GetUtcNow();
        lock (_lock) return _hosts.TryGetValue(host, out var entry) && IsTripped(entry, now);
    }

    public List<string> Tripped()
    {
        var now = clock.GetUtcNow();
        lock (_lock) return [.. _hosts.Where(h => IsTripped(h.Value, now)).Select(h => h.Key)];
    }

    /// Counts an attempt's result: any status code is an answer, a timeout or a failed connection none; a target refused
    /// before connecting, or an attempt that could not be made, says nothing of the host.
    public void Observe(string host, AttemptResult result)
    {
        if (result.StatusCode is not null)
        {
            if (Answered(host)) log.LogInformation("Webhook host {Host} answers again: its full share of send slots is back", host);
        }
        else if (result.Unanswered && Unanswered(host))
        {
            log.LogWarning("Webhook host {Host} gave no answer {Count} times in a row: one send at a time to it until it answers", host, Threshold);
        }
    }

    /// A send got no answer; true when that trips the host.
    public bool Unanswered(string host)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            var failures = _hosts.TryGetValue(host, out var entry) && now - entry.Last <= Forget ? entry.Failures + 1 : 1;
            if (failures == 1 && !_hosts.ContainsKey(host)) MakeRoom(now);
            _hosts[host] = (failures, now);
            return failures == Threshold;
        }
    }

    /// A send got an answer; true when the host was tripped.
    public bool Answered(string host)
    {
        var now = clock.GetUtcNow();
        lock (_lock) return _hosts.Remove(host, out var entry) && IsTripped(entry, now);
    }

    private static bool IsTripped((int Failures, DateTimeOffset Last) entry, DateTimeOffset now) =>
        entry.Failures >= Threshold && now - entry.Last <= Forget;

    /// At the bound, drops the hosts whose failures are forgotten, else the one that failed longest ago.
    private void MakeRoom(DateTimeOffset now)
    {
        if (_hosts.Count < MaxHosts) return;
        foreach (var stale in _hosts.Where(h => now - h.Value.Last > Forget).Select(h => h.Key).ToList()) _hosts.Remove(stale);
        if (_hosts.Count >= MaxHosts) _hosts.Remove(_hosts.MinBy(h => h.Value.Last).Key);
    }
}
