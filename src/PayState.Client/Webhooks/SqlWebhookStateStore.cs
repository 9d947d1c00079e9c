using System.Data.Common;
using System.Globalization;
using PayState.Client.Sql;

namespace PayState.Client.Webhooks;

/// <summary>
/// An <see cref="IWebhookStateStore"/> in the app's own database (SQLite or PostgreSQL), on two tables it creates on first
/// use: <c>paystate_webhook_messages</c> (message id and kind, and the answer) and <c>paystate_webhook_streams</c> (object
/// and kind, and the last sequence). Each message is one transaction: it locks the stream's row, reads, runs the handler
/// (which may write through <see cref="PayStateWebhookContext.Transaction"/>), records the message and commits; so several
/// processes on one database handle each message once, and the handler's writes in that transaction commit with it or not
/// at all. On SQLite the transaction holds the database's write lock: write through it, not through another connection.
/// </summary>
/// <param name="connectionFactory">Makes a new, unopened connection per call.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim holds no handle unless its AvailableWaitHandle is asked for.")]
public sealed class SqlWebhookStateStore(Func<DbConnection> connectionFactory) : IWebhookStateStore
{
    private readonly SqlDatabase _database = new(connectionFactory,
    [
        "CREATE TABLE IF NOT EXISTS paystate_webhook_messages (message_id VARCHAR(255) NOT NULL, kind VARCHAR(32) NOT NULL, " +
        "status_code INTEGER NOT NULL, PRIMARY KEY (message_id, kind))",
        "CREATE TABLE IF NOT EXISTS paystate_webhook_streams (object_id VARCHAR(255) NOT NULL, kind VARCHAR(32) NOT NULL, " +
        "sequence BIGINT NOT NULL, PRIMARY KEY (object_id, kind))",
    ]);

    /// <summary>Creates the two tables when they do not exist (also done on first use).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the tables exist.</returns>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => _database.EnsureCreatedAsync(cancellationToken);

    // SQLite has one writer per database, and Microsoft.Data.Sqlite waits for its lock by sleeping on the calling thread:
    // many messages at once would hold pool threads the lock holder needs to finish. Its messages queue here instead,
    // without a thread each, which costs nothing a single writer could have done at once.
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);

    /// <inheritdoc />
    public async Task<IWebhookStateScope> BeginAsync(PayStateWebhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var connection = await _database.OpenAsync(cancellationToken);
        SemaphoreSlim? writer = null;
        DbTransaction? transaction = null;
        try
        {
            if (IsSqlite(connection))
            {
                await _sqliteWriter.WaitAsync(cancellationToken);
                writer = _sqliteWriter;
            }
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            var kind = KindName(webhook.Kind);
            // Taking the stream's row first (inserted if new) makes every later message of the stream wait for this one.
            await using var take = SqlDatabase.Command(connection, transaction,
                "INSERT INTO paystate_webhook_streams (object_id, kind, sequence) VALUES (@object_id, @kind, 0) " +
                "ON CONFLICT (object_id, kind) DO UPDATE SET sequence = paystate_webhook_streams.sequence RETURNING sequence",
                ("@object_id", webhook.ObjectId), ("@kind", kind));
            var last = Convert.ToInt64(await take.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            await using var read = SqlDatabase.Command(connection, transaction,
                "SELECT status_code FROM paystate_webhook_messages WHERE message_id = @message_id AND kind = @kind",
                ("@message_id", webhook.MessageId), ("@kind", kind));
            var recorded = await read.ExecuteScalarAsync(cancellationToken) is { } code and not DBNull
                ? Convert.ToInt32(code, CultureInfo.InvariantCulture)
                : (int?)null;
            return new Scope(connection, transaction, webhook, recorded, last > 0 ? last : null, writer);
        }
        catch
        {
            if (transaction is not null) await transaction.DisposeAsync();
            await connection.DisposeAsync();
            writer?.Release();
            throw;
        }
    }

    private static bool IsSqlite(DbConnection connection) =>
        connection.GetType().FullName == "Microsoft.Data.Sqlite.SqliteConnection";

    /// <inheritdoc />
    public async Task<int?> RecordedStatusCodeAsync(string messageId, WebhookKind kind, CancellationToken cancellationToken) =>
        await _database.ScalarAsync("SELECT status_code FROM paystate_webhook_messages WHERE message_id = @message_id AND kind = @kind",
            cancellationToken, ("@message_id", messageId), ("@kind", KindName(kind))) is { } code
            ? Convert.ToInt32(code, CultureInfo.InvariantCulture)
            : null;

    /// <inheritdoc />
    public async Task<long?> LastSequenceAsync(string objectId, WebhookKind kind, CancellationToken cancellationToken) =>
        await _database.ScalarAsync("SELECT sequence FROM paystate_webhook_streams WHERE object_id = @object_id AND kind = @kind AND sequence > 0",
            cancellationToken, ("@object_id", objectId), ("@kind", KindName(kind))) is { } sequence
            ? Convert.ToInt64(sequence, CultureInfo.InvariantCulture)
            : null;

    private static string KindName(WebhookKind kind) => kind switch
    {
        WebhookKind.AcquiringOrder => "acquiring_order",
        WebhookKind.IdentificationEvent => "identification_event",
        WebhookKind.Ipn => "ipn",
        WebhookKind.VerificationEvent => "verification_event",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private sealed class Scope(DbConnection connection, DbTransaction transaction, PayStateWebhook webhook, int? recorded, long? last,
        SemaphoreSlim? writer) : IWebhookStateScope
    {
        public int? RecordedStatusCode => recorded;

        public long? LastSequence => last;

        public DbConnection Connection => connection;

        public DbTransaction Transaction => transaction;

        public async Task CommitAsync(int statusCode, CancellationToken cancellationToken)
        {
            var kind = KindName(webhook.Kind);
            await using (var insert = SqlDatabase.Command(connection, transaction,
                "INSERT INTO paystate_webhook_messages (message_id, kind, status_code) VALUES (@message_id, @kind, @status_code)",
                ("@message_id", webhook.MessageId), ("@kind", kind), ("@status_code", statusCode)))
                await insert.ExecuteNonQueryAsync(cancellationToken);
            await using (var raise = SqlDatabase.Command(connection, transaction,
                "UPDATE paystate_webhook_streams SET sequence = @sequence WHERE object_id = @object_id AND kind = @kind AND sequence < @sequence",
                ("@object_id", webhook.ObjectId), ("@kind", kind), ("@sequence", webhook.Sequence)))
                await raise.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // Without a commit, the transaction rolls back: nothing of this message, nor of the handler's writes in it, stays.
        public async ValueTask DisposeAsync()
        {
            try
            {
                await transaction.DisposeAsync();
                await connection.DisposeAsync();
            }
            finally
            {
                writer?.Release();
            }
        }
    }
}
