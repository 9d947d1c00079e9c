namespace PayState.Server.Hosting;

/// Runs the young collections a burst of allocation left pending once the process has gone quiet, so that no
/// request pays for them afterwards. Held long-polls are the case in point: a wave of waits leaves thousands of
/// request objects young, pointed at from older ones, and the first collection after it (set off by whichever
/// request allocates next, typically the change that wakes a waiter) marks and promotes them all while every
/// request waits. Run in a quiet half second, the same work keeps nobody waiting, and the collection the next
/// requests meet is a small one.
public sealed class IdleCollection : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    /// Less than this allocated in one period is quiet: a few requests.
    public const long QuietBytes = 128 * 1024;

    /// At least this allocated since the last collection (of any kind), in a busy period and the quiet one after
    /// it, makes one worth running.
    public const long PendingBytes = 512 * 1024;

    private readonly TimeProvider _clock;
    private readonly ILogger<IdleCollection> _log;
    private readonly Func<Reading> _read;
    private readonly Action _collect;
    private long _collections;
    private Reading _last;
    private long _pending;
    private bool _busy;

    public IdleCollection(TimeProvider clock, ILogger<IdleCollection> log)
        : this(clock, log, () => new Reading(GC.GetTotalAllocatedBytes(precise: false), GC.CollectionCount(0)),
            // Generation 1: the young objects that survive are promoted once and for all, and the cards that older
            // objects dirtied by pointing at them are cleared; a full collection would be far more than was asked.
            () => GC.Collect(1, GCCollectionMode.Forced, blocking: true))
    {
    }

    /// With the figures and the collection given: in tests, since the process's own move with every test running beside.
    internal IdleCollection(TimeProvider clock, ILogger<IdleCollection> log, Func<Reading> read, Action collect)
    {
        _clock = clock;
        _log = log;
        _read = read;
        _collect = collect;
        _last = read();
    }

    /// How many collections this service ran (the tests run the period on a fake clock).
    public long Collections => Interlocked.Read(ref _collections);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) Tick();
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// One period's look at the allocation figures; true when it ran a collection.
    internal bool Tick()
    {
        var now = _read();
        var period = now.Allocated - _last.Allocated;
        if (now.Collections != _last.Collections)
        {
            // A collection ran meanwhile and took what was pending up to it. When is unknown, so the whole period
            // counts: an upper bound, and a collection too many costs little in a quiet moment.
            (_pending, _busy) = (period, false);
        }
        else _pending += period;

        var collected = false;
        if (period >= QuietBytes) _busy = true;
        else if (_busy && _pending >= PendingBytes)
        {
            collected = Collect();
            now = _read();
            (_pending, _busy) = (0, false);
        }
        _last = now;
        return collected;
    }

    private bool Collect()
    {
        try
        {
            _collect();
            Interlocked.Increment(ref _collections);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.LogWarning(e, "An idle collection failed.");
            return false;
        }
    }

    /// Bytes allocated by the process so far, and collections run so far.
    internal readonly record struct Reading(long Allocated, int Collections);
}
