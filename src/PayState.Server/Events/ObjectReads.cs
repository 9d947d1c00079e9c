using System.Collections.Concurrent;
using PayState.Server.Storage;

namespace PayState.Server.Events;

/// Coalesces concurrent reads of one object: when a change wakes ten thousand waiters of one checkout, the
/// database answers one read, not ten thousand. A waiter joins only a read that started after it subscribed
/// (ticket order), so the snapshot it gets is never older than a change it was not woken for.
public sealed class ObjectReads(IStore store)
{
    private readonly ConcurrentDictionary<string, (long Ticket, Task<PayObject?> Read)> _inFlight = new(StringComparer.Ordinal);
    private long _tickets;

    /// Take a ticket right after subscribing to the object's changes.
    public long Ticket() => Interlocked.Increment(ref _tickets);

    public Task<PayObject?> FindAsync(string id, long ticket)
    {
        if (_inFlight.TryGetValue(id, out var running) && running.Ticket > ticket) return running.Read;
        var read = new TaskCompletionSource<PayObject?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = (Ticket(), read.Task);
        _inFlight[id] = entry;
        _ = ReadAsync(id, entry, read);
        return read.Task;
    }

    private async Task ReadAsync(string id, (long, Task<PayObject?>) entry, TaskCompletionSource<PayObject?> read)
    {
        try
        {
            read.SetResult(await store.FindObjectAsync(id, CancellationToken.None).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            read.SetException(e);
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(id, entry));
        }
    }
}
