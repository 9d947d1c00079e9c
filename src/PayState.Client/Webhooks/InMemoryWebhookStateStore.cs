using System.Data.Common;

namespace PayState.Client.Webhooks;

/// <summary>
/// An <see cref="IWebhookStateStore"/> in process memory: forgets everything on restart and is not shared between
/// instances. For tests and a single instance that can afford to handle a message again after a restart.
/// </summary>
public sealed class InMemoryWebhookStateStore : IWebhookStateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string, WebhookKind), int> _messages = [];
    private readonly Dictionary<(string, WebhookKind), long> _sequences = [];
    private readonly ObjectLocks _streams = new();

    /// <inheritdoc />
    public async Task<IWebhookStateScope> BeginAsync(PayStateWebhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var held = await _streams.AcquireAsync($"{webhook.Kind}/{webhook.ObjectId}", cancellationToken);
        lock (_gate)
        {
            return new Scope(this, webhook, held, Find(_messages, (webhook.MessageId, webhook.Kind)), Find(_sequences, (webhook.ObjectId, webhook.Kind)));
        }
    }

    /// <inheritdoc />
    public Task<int?> RecordedStatusCodeAsync(string messageId, WebhookKind kind, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(Find(_messages, (messageId, kind)));
    }

    /// <inheritdoc />
    public Task<long?> LastSequenceAsync(string objectId, WebhookKind kind, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(Find(_sequences, (objectId, kind)));
    }

    private static T? Find<T>(Dictionary<(string, WebhookKind), T> map, (string, WebhookKind) key)
        where T : struct => map.TryGetValue(key, out var value) ? value : null;

    private void Record(PayStateWebhook webhook, int statusCode)
    {
        lock (_gate)
        {
            _messages[(webhook.MessageId, webhook.Kind)] = statusCode;
            var stream = (webhook.ObjectId, webhook.Kind);
            if (!_sequences.TryGetValue(stream, out var last) || last < webhook.Sequence) _sequences[stream] = webhook.Sequence;
        }
    }

    private sealed class Scope(InMemoryWebhookStateStore store, PayStateWebhook webhook, IDisposable held, int? recorded, long? last) : IWebhookStateScope
    {
        public int? RecordedStatusCode => recorded;

        public long? LastSequence => last;

        public DbConnection? Connection => null;

        public DbTransaction? Transaction => null;

        public Task CommitAsync(int statusCode, CancellationToken cancellationToken)
        {
            store.Record(webhook, statusCode);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            held.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
