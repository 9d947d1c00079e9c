namespace PayState.Server.Http;

/// Bounds the log lines requests can cause (malformed forms, unexpected errors): at most LinesPerMinute, and the
/// next line written says how many were left out meanwhile. One client sending bad requests as fast as it can
/// must not fill the log.
public sealed class RequestLogBudget(TimeProvider clock)
{
    public const int LinesPerMinute = 20;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _used;
    private int _leftOut;

    /// Whether a line may be written now; when it may, how many were left out since the last one.
    public bool TryTake(out int leftOut)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now - _windowStart >= Window)
            {
                _windowStart = now;
                _used = 0;
            }
            if (_used == LinesPerMinute)
            {
                _leftOut++;
                leftOut = 0;
                return false;
            }
            _used++;
            leftOut = _leftOut;
            _leftOut = 0;
            return true;
        }
    }
}
