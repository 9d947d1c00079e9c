using System.Data;
using System.Data.Common;

namespace PayState.Client.Webhooks;

/// <summary>
/// An <see cref="IWebhookStateStore"/> in any ADO.NET database, through plain portable SQL on two tables:
/// <c>paystate_processed_events(event_id)</c> and <c>paystate_object_sequences(object_id, sequence)</c>.
/// </summary>
/// <param name="connectionFactory">Makes a new, unopened connection per call.</param>
public sealed class SqlWebhookStateStore(Func<DbConnection> connectionFactory) : IWebhookStateStore
{
    /// <summary>Creates the two tables when they do not exist.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the tables exist.</returns>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        foreach (var sql in new[]
        {
            "CREATE TABLE IF NOT EXISTS paystate_processed_events (event_id VARCHAR(255) NOT NULL PRIMARY KEY)",
            "CREATE TABLE IF NOT EXISTS paystate_object_sequences (object_id VARCHAR(255) NOT NULL PRIMARY KEY, sequence INTEGER NOT NULL)",
        })
        {
            await using var command = Command(connection, null, sql);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<bool> IsProcessedAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT 1 FROM paystate_processed_events WHERE event_id = @event_id", ("@event_id", eventId));
        return await command.ExecuteScalarAsync(cancellationToken) is not (null or DBNull);
    }

    /// <inheritdoc />
    public async Task<int?> LastSequenceAsync(string objectId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT sequence FROM paystate_object_sequences WHERE object_id = @object_id", ("@object_id", objectId));
        return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull
            ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    /// <inheritdoc />
    public async Task MarkProcessedAsync(string eventId, string objectId, int sequence, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = Command(connection, transaction,
            "INSERT INTO paystate_processed_events (event_id) VALUES (@event_id)", ("@event_id", eventId)))
            await insert.ExecuteNonQueryAsync(cancellationToken);
        // Raise an existing row, or add one when there is none; never lower it.
        await using (var raise = Command(connection, transaction,
            "UPDATE paystate_object_sequences SET sequence = @sequence WHERE object_id = @object_id AND sequence < @sequence",
            ("@object_id", objectId), ("@sequence", sequence)))
            await raise.ExecuteNonQueryAsync(cancellationToken);
        await using (var add = Command(connection, transaction,
            "INSERT INTO paystate_object_sequences (object_id, sequence) SELECT @object_id, @sequence " +
            "WHERE NOT EXISTS (SELECT 1 FROM paystate_object_sequences WHERE object_id = @object_id)",
            ("@object_id", objectId), ("@sequence", sequence)))
            await add.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = connectionFactory();
        try
        {
            if (connection.State != ConnectionState.Open) await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
