using System.Collections.Concurrent;
using System.Net;
using PayState.Server.Http;

namespace PayState.Server.Tests.Support;

/// DNS as a test wants it: each host answers what was set for it, and the answer can change between calls
/// (DNS rebinding). Unknown hosts do not resolve.
public sealed class FakeHostResolver : IHostResolver
{
    private readonly ConcurrentDictionary<string, Queue<IPAddress[]>> _answers = new(StringComparer.OrdinalIgnoreCase);

    private int _lookups;

    public int Lookups => Volatile.Read(ref _lookups);

    /// The host answers these in turn, the last one for ever after.
    public void Set(string host, params IPAddress[][] answers) => _answers[host] = new Queue<IPAddress[]>(answers);

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        if (!_answers.TryGetValue(host, out var queue)) return Task.FromResult(Array.Empty<IPAddress>());
        lock (queue) return Task.FromResult(queue.Count > 1 ? queue.Dequeue() : queue.Peek());
    }
}
