using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// The send slots of one process: at most `total` sends in flight, at most `perMerchant` for any one merchant, and
/// at most `perHost` to any one host (one while the breaker holds the host tripped). So one merchant's targets that
/// hang can hold its own share and no more, and the rest of the slots stay free for the others. The claim loop and
/// the handoff loop start sends side by side, so a slot is checked and taken in one step; a delivery that finds none
/// is given back, never sent over a limit.
public sealed class SendSlots(int total, int perHost, int perMerchant, HostBreaker breaker)
{
    private readonly Dictionary<string, int> _byHost = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byMerchant = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _inFlight;
    private TaskCompletionSource? _idle;

    public HostBreaker Breaker => breaker;

    public int Free
    {
        get { lock (_lock) return total - _inFlight; }
    }

    /// What each host and merchant has left, for a claim to take no more: those with sends in flight, and tripped hosts.
    public SendRoom Room()
    {
        lock (_lock)
        {
            var hosts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var host in breaker.Tripped()) hosts[host] = 1;
            foreach (var (host, held) in _byHost) hosts[host] = Math.Max(0, ShareOf(host) - held);
            var merchants = _byMerchant.ToDictionary(m => m.Key, m => Math.Max(0, perMerchant - m.Value), StringComparer.Ordinal);
            return new SendRoom(perHost, perMerchant, hosts, merchants);
        }
    }

    public bool TryTake(string host, string merchant)
    {
        lock (_lock)
        {
            var byHost = _byHost.GetValueOrDefault(host);
            var byMerchant = _byMerchant.GetValueOrDefault(merchant);
            if (_inFlight >= total || byMerchant >= perMerchant || byHost >= ShareOf(host)) return false;
            _inFlight++;
            _byHost[host] = byHost + 1;
            _byMerchant[merchant] = byMerchant + 1;
            return true;
        }
    }

    public void Return(string host, string merchant)
    {
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            _inFlight--;
            Release(_byHost, host);
            Release(_byMerchant, merchant);
            if (_inFlight == 0) (idle, _idle) = (_idle, null);
        }
        idle?.TrySetResult();
    }

    /// Completes once no slot is taken: at shutdown, when every send has ended.
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            if (_inFlight == 0) return Task.CompletedTask;
            return (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    private int ShareOf(string host) => breaker.IsTripped(host) ? 1 : perHost;

    private static void Release(Dictionary<string, int> held, string key)
    {
        if (held[key] == 1) held.Remove(key);
        else held[key]--;
    }
}
