namespace PayState.Server.Storage.Postgres;

/// What a batch changed, announced to every process with NOTIFY when it commits: objects (long-poll
/// waiters), new or unblocked deliveries (dispatchers), new timers (schedulers), terminals (API key caches).
internal sealed class ChangeNotices
{
    public const string DeliveriesPayload = "d";
    public const string TimersPayload = "t";
    public const string TerminalsPayload = "k";
    public const string ObjectPrefix = "o:";
    private const int MaxPayload = 7000;

    private readonly HashSet<string> _objects = new(StringComparer.Ordinal);
    private bool _deliveries;
    private bool _timers;

    public void Object(string id) => _objects.Add(id);

    public void Deliveries() => _deliveries = true;

    public void Timers() => _timers = true;

    public void Terminals() => TerminalsWritten = true;

    /// Whether the batch wrote a terminal: kept until Clear, so the writer can retire its own cache after the commit.
    public bool TerminalsWritten { get; private set; }

    /// The NOTIFY payloads for what was collected (object ids packed under PostgreSQL's 8000-byte limit), then forgets it.
    public List<string> Drain()
    {
        var payloads = new List<string>();
        if (_deliveries) payloads.Add(DeliveriesPayload);
        if (_timers) payloads.Add(TimersPayload);
        if (TerminalsWritten) payloads.Add(TerminalsPayload);
        var packed = ObjectPrefix;
        foreach (var id in _objects)
        {
            if (packed.Length + id.Length + 1 > MaxPayload)
            {
                payloads.Add(packed.TrimEnd(','));
                packed = ObjectPrefix;
            }
            packed += id + ",";
        }
        if (packed.Length > ObjectPrefix.Length) payloads.Add(packed.TrimEnd(','));
        _objects.Clear();
        _deliveries = false;
        _timers = false;
        return payloads;
    }

    public void Clear()
    {
        _objects.Clear();
        _deliveries = false;
        _timers = false;
        TerminalsWritten = false;
    }
}
