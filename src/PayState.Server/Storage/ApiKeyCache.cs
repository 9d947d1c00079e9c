using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace PayState.Server.Storage;

/// Terminals by API key, for the merchant API's signature check, which every request makes: a hit costs no database
/// read. Only a store that hears of every write of a terminal may keep it (SQLite: one process owns the file;
/// PostgreSQL: while its listener hears the other processes' NOTIFY). Each entry carries the
/// generation it was read in; a transaction that wrote a terminal moves the generation on when it ends, which
/// retires every entry at once, so a rotated secret is refused from the commit on.
internal sealed class ApiKeyCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    /// The terminal cached for this key in the current generation; otherwise false, and the generation to pass to
    /// Add with what a lookup then finds. It is read before the lookup: a write committed meanwhile moves it on, and
    /// the entry added is then retired already (it may hold the terminal as it was).
    public bool TryFind(string apiKey, [NotNullWhen(true)] out Task<TerminalRecord?>? terminal, out long generation)
    {
        generation = Volatile.Read(ref _generation);
        if (_entries.TryGetValue(apiKey, out var entry) && entry.Generation == generation)
        {
            terminal = entry.Terminal;
            return true;
        }
        terminal = null;
        return false;
    }

    /// Only terminals that exist are kept: made-up keys are looked up each time and cannot fill the cache.
    public void Add(string apiKey, TerminalRecord terminal, long generation) =>
        _entries[apiKey] = new Entry(Task.FromResult<TerminalRecord?>(terminal), generation);

    /// After a transaction that wrote terminals has ended, committed or not: no entry read before it is used again.
    public void Invalidate() => Interlocked.Increment(ref _generation);

    // The completed task itself is kept, so a hit allocates nothing.
    private sealed record Entry(Task<TerminalRecord?> Terminal, long Generation);
}
