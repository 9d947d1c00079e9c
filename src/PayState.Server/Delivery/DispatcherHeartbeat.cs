namespace PayState.Server.Delivery;

public enum DispatcherState
{
    Starting,
    Running,
    Idle,
    Disabled,
    Stalled,
    Stopped,
}

/// Whether the dispatcher's claim loop lives, for /readyz and /metrics. The loop marks each round busy and
/// marks itself idle before it sleeps: idle is healthy however long it lasts (the loop never polls just to
/// prove it lives), a round busy for longer than StallAfter is a stall, and a loop that ended is stopped.
/// Stalls are measured in real time (a hang is real), so the host gives this the system clock.
public sealed class DispatcherHeartbeat(TimeProvider clock)
{
    public static readonly TimeSpan StallAfter = TimeSpan.FromMinutes(2);

    private const long NotBusy = -1;
    private long _busySince = NotBusy;
    private int _state = (int)DispatcherState.Starting;

    public void Busy()
    {
        Volatile.Write(ref _busySince, clock.GetTimestamp());
        Volatile.Write(ref _state, (int)DispatcherState.Running);
    }

    public void Idle()
    {
        Volatile.Write(ref _busySince, NotBusy);
        Volatile.Write(ref _state, (int)DispatcherState.Idle);
    }

    public void Disabled() => Volatile.Write(ref _state, (int)DispatcherState.Disabled);

    public void Stopped() => Volatile.Write(ref _state, (int)DispatcherState.Stopped);

    public DispatcherState State
    {
        get
        {
            var state = (DispatcherState)Volatile.Read(ref _state);
            var since = Volatile.Read(ref _busySince);
            return state == DispatcherState.Running && since != NotBusy && clock.GetElapsedTime(since) > StallAfter ? DispatcherState.Stalled : state;
        }
    }

    /// Running, idle, or switched off on purpose (a process that only serves HTTP).
    public bool IsHealthy => State is DispatcherState.Running or DispatcherState.Idle or DispatcherState.Disabled;
}
