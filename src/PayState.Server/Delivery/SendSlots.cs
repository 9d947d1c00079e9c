namespace PayState.Server.Delivery;

/// The send slots of one process: at most `total` sends in flight, at most `perHost` to any one host. The claim
/// loop and the handoff loop start sends side by side, so a slot is checked and taken in one step; a delivery
/// that finds none is given back, never sent over the limit.
public sealed class SendSlots(int total, int perHost)
{
    private readonly Dictionary<string, int> _byHost = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _inFlight;
    private TaskCompletionSource? _idle;

    public int Free
    {
        get { lock (_lock) return total - _inFlight; }
    }

    /// What each host holds now, for a claim to leave hosts at their share alone.
    public Dictionary<string, int> ByHost()
    {
        lock (_lock) return new Dictionary<string, int>(_byHost, StringComparer.Ordinal);
    }

    public bool TryTake(string host)
    {
        lock (_lock)
        {
            var held = _byHost.GetValueOrDefault(host);
            if (_inFlight >= total || held >= perHost) return false;
            _inFlight++;
            _byHost[host] = held + 1;
            return true;
        }
    }

    public void Return(string host)
    {
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            _inFlight--;
            if (_byHost[host] == 1) _byHost.Remove(host);
            else _byHost[host]--;
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
}
